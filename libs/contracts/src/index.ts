export {
  subjectFor,
  type AvroSchema,
  type Decimal,
  type RecordContract,
  type RecordOf,
  type TopicContract,
  type TopicRecord,
  type TopicRecordContract,
} from './contract.js';
export { isTimeZone, localDate } from './calendar.js';
export {
  CODE_PATTERN,
  ENCOUNTER_ID_PATTERN,
  encounterIdOf,
  isCode,
  isEncounterId,
  isNpi,
  MAX_FACILITY_CODE,
  SELF_PAY,
  type VisitNumber,
} from './identifiers.js';
export { formatCents, multiplyCents, parseCents, sumCents, toCents } from './money.js';
export * from './generated/index.js';
