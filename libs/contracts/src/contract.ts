// The generic shapes of a contract. The concrete records, enums and topics are generated from
// schemas/ into ./generated (npm run contracts); this file knows no schema.

/** An Avro schema as JSON (a record, self-contained: every named type it uses is inlined). */
export type AvroSchema = { readonly [key: string]: unknown };

/**
 * A message record: its full name and its self-contained Avro schema
 * (`JSON.stringify(schema)` is the exact text registered).
 *
 * `T` is the TypeScript type of the record's values; `N` is its full name as a literal type, so
 * two records with the same shape are still different contracts.
 */
export interface RecordContract<T, N extends string = string> {
  readonly fullName: N;
  readonly schema: AvroSchema;
  /** Type-level only: carries `T`. Never set at runtime. */
  readonly __type?: T;
}

/** A Kafka topic and the message records it carries (several per topic: TopicRecordNameStrategy). */
export interface TopicContract<R> {
  readonly name: string;
  readonly partitions: number;
  /** What the message key is: the business key that must stay ordered, e.g. `encounterId`. */
  readonly key: string;
  readonly records: readonly RecordContract<R>[];
}

/** Exact decimal as a string, e.g. "1234.50" — money is never a float. */
export type Decimal = string;

/** The value type of a record contract. */
export type RecordOf<C> = C extends RecordContract<infer T> ? T : never;

/** The record contracts a topic carries, as a union: what `publish(topic, record, ...)` accepts. */
export type TopicRecordContract<C> =
  C extends TopicContract<unknown> ? C['records'][number] : never;

/** The union of the value types a topic carries: what a consumer of the whole topic receives. */
export type TopicRecord<C> = RecordOf<TopicRecordContract<C>>;

/**
 * The registry subject of a record on a topic (TopicRecordNameStrategy):
 * `<topic>-<record full name>`. Throws when the topic does not carry the record.
 */
export function subjectFor<C extends TopicContract<unknown>>(
  topic: C,
  record: TopicRecordContract<C>,
): string {
  if (!topic.records.some((carried) => carried.fullName === record.fullName)) {
    throw new Error(`topic ${topic.name} does not carry record ${record.fullName}`);
  }
  return `${topic.name}-${record.fullName}`;
}

/**
 * The name of a topic's contract in the generated `Topics` catalogue:
 * `clinical.encounter.v1` -> `ClinicalEncounterV1`.
 */
export function topicConstName(topic: string): string {
  return topic
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}
