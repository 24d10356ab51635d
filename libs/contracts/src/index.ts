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
export {
  describeNode,
  isAvroObject,
  isPrimitive,
  isPrimitiveNode,
  namespaceOf,
  qualifyName,
  schemaGraph,
  SchemaGraphError,
  shortName,
  type Annotations,
  type AvroJson,
  type AvroObject,
  type FieldNode,
  type Named,
  type Node,
  type Primitive,
} from './avro/schema-graph.js';
export { isTimeZone, localDate } from './calendar.js';
export {
  CPT_PATTERN,
  HCPCS_PATTERN,
  ICD10CM_MESSAGE,
  ICD10PCS_PATTERN,
  isNpi,
  isProcedureCode,
  isRevenueCode,
  normalizeIcd10Cm,
  PROCEDURE_SYSTEMS,
  procedureSystem,
  procedureSystemOf,
  readIcd10Cm,
  REVENUE_CODE_FAMILY_PATTERN,
  REVENUE_CODE_PATTERN,
  type Icd10CmReading,
  type KnownProcedureSystem,
} from './codes/clinical-codes.js';
export {
  CODE_PATTERN,
  ENCOUNTER_ID_PATTERN,
  encounterIdOf,
  isCode,
  isEncounterId,
  MAX_FACILITY_CODE,
  SELF_PAY,
  type VisitNumber,
} from './identifiers.js';
export { formatCents, multiplyCents, parseCents, sumCents, toCents } from './money.js';
export * from './generated/index.js';
