export {
  buildAck,
  describeLocation,
  HL7_ERROR_CODES,
  type AckCode,
  type AckError,
  type AckOptions,
  type ErrorLocation,
  type Hl7ErrorCode,
} from './ack.js';
export {
  buildAdtMessage,
  newControlId,
  type AdtDiagnosis,
  type AdtInsurance,
  type AdtLocation,
  type AdtMessageInput,
  type AdtPatient,
  type AdtProcedure,
  type AdtProvider,
  type Hl7PatientClass,
} from './builder/adt-builder.js';
export { decodeHl7Bytes, encodeHl7Bytes, HL7_CHARSETS, type DecodedHl7 } from './charset.js';
export { findControlCharacter, hasControlCharacter } from './control.js';
export { ADT_FIELD_SHAPES, SEGMENT_FIELD_COUNTS } from './fields.js';
export {
  DEFAULT_HL7_LIMITS,
  encodeHl7,
  Hl7LimitError,
  Hl7ParseError,
  MAX_COMPONENTS,
  MAX_FIELDS,
  parseHl7,
  type Hl7Limits,
} from './codec.js';
export {
  DEFAULT_DELIMITERS,
  delimitersFrom,
  encodingCharacters,
  escapeValue,
  unescapeValue,
  type Delimiters,
} from './encoding.js';
export {
  Hl7Message,
  Hl7Segment,
  parsePath,
  repeated,
  toField,
  type FieldInput,
  type FieldPosition,
  type Hl7Component,
  type Hl7Field,
  type Hl7Path,
  type Hl7Repetition,
  type SegmentLine,
} from './message.js';
export { MllpClient, MllpClientError, type MllpClientOptions } from './mllp/client.js';
export {
  DEFAULT_MAX_FRAME_BYTES,
  encodeMllpFrame,
  MLLP_CARRIAGE_RETURN,
  MLLP_END_BLOCK,
  MLLP_START_BLOCK,
  MllpDecoder,
  type MllpEvent,
} from './mllp/frame.js';
export {
  ADT_EVENT_STRUCTURES,
  ADT_STRUCTURES,
  isAdtEvent,
  parseStructure,
  validateStructure,
  type StructureCheck,
  type StructureMode,
  type AdtEvent,
  type AdtStructureId,
  type StructureNode,
  type StructureViolation,
} from './structure.js';
export {
  formatHl7Timestamp,
  HL7_TIMESTAMP_FORMAT,
  Hl7TimestampError,
  parseHl7Timestamp,
  timeZoneOffsetMs,
  type TimestampPrecision,
} from './timestamp.js';
