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
export * from './generated/index.js';
