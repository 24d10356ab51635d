// The event generator's pure part: the options checked and completed, the Avro record and the
// topic entry, all as schemas/README.md and docs/architecture.md (Topics) describe them.
import type { AvroRecord } from '../../shared/avro-records.ts';
import { fullName, messageRecord, sentence, words } from '../../shared/avro-records.ts';
import { CAMEL_CASE, checkOption, DOMAIN, KEBAB_CASE, PASCAL_CASE } from '../../shared/options.ts';
import type { CatalogueTopic, NewTopic } from '../../shared/topics-json.ts';
import { TOPICS_JSON } from '../../shared/topics-json.ts';

export interface EventOptions {
  readonly domain: string;
  readonly name: string;
  readonly topic: string;
  readonly producer?: string;
  readonly key?: string;
}

export interface Event {
  readonly domain: string;
  readonly name: string;
  readonly topic: string;
  /** The topic's middle part, `dispense` of `pharmacy.dispense.v1`. */
  readonly aggregate: string;
  readonly producer: string;
  readonly key: string;
}

/** `dispense` -> `dispenseId`; `purchase-order` -> `purchaseOrderId`. */
const aggregateId = (aggregate: string): string =>
  `${aggregate.replace(/[.-]([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Id`;

/** The key field an existing topic's `key` text starts with (`encounterId (PV1-19 ...)`). */
export function keyOfTopic(topic: CatalogueTopic): string | undefined {
  return typeof topic['key'] === 'string'
    ? /^([a-z][A-Za-z0-9]*)\b/.exec(topic['key'])?.[1]
    : undefined;
}

/**
 * The options checked (each bad one named) and completed: the producer from the services of the
 * domain (`producers`, exactly one), the key from the existing topic or the aggregate.
 */
export function resolveEvent(
  options: EventOptions,
  producers: readonly string[],
  existing: CatalogueTopic | undefined,
): Event {
  const domain = checkOption(
    'domain',
    options.domain,
    DOMAIN,
    'lowercase letters and digits, e.g. pharmacy',
  );
  const name = checkOption(
    'name',
    options.name,
    PASCAL_CASE,
    'PascalCase, e.g. MedicationDispensed',
  );
  const topicForm = new RegExp(`^${domain}\\.([a-z][a-z0-9]*(?:[.-][a-z0-9]+)*)\\.v[1-9][0-9]*$`);
  const topic = checkOption(
    'topic',
    options.topic,
    topicForm,
    `<domain>.<aggregate>.v<major>, e.g. ${domain}.dispense.v1`,
  );
  const aggregate = topicForm.exec(topic)?.[1] ?? '';
  if (options.producer !== undefined) {
    checkOption('producer', options.producer, KEBAB_CASE, 'a service folder name (kebab-case)');
  }
  if (options.key !== undefined) {
    checkOption('key', options.key, CAMEL_CASE, 'a field name (camelCase), e.g. dispenseId');
  }
  const producer = options.producer ?? (producers.length === 1 ? producers[0] : undefined);
  if (producer === undefined) {
    throw new Error(
      producers.length === 0
        ? `--producer is required: no service is tagged scope:${domain}`
        : `--producer is required: ${producers.join(', ')} are all tagged scope:${domain}`,
    );
  }
  const topicKey = existing && keyOfTopic(existing);
  if (topicKey !== undefined && options.key !== undefined && topicKey !== options.key) {
    throw new Error(`--key=${options.key}: ${TOPICS_JSON} keys ${topic} by ${topicKey}`);
  }
  const key = options.key ?? topicKey ?? (existing ? undefined : aggregateId(aggregate));
  if (!key)
    throw new Error(`--key is required: the key of ${topic} in ${TOPICS_JSON} names no field`);
  return { domain, name, topic, aggregate, producer, key };
}

export function eventRecord(event: Event): AvroRecord {
  const { domain, name, topic, producer, key, aggregate } = event;
  return messageRecord(
    domain,
    name,
    `${sentence(words(name))}: a ${domain} fact on ${topic}, published by ${producer}.`,
    [
      {
        name: key,
        type: 'string',
        doc: `${sentence(words(key))}; the topic key (the events of one ${words(aggregate)} stay in order).`,
      },
    ],
  );
}

export function eventTopic(event: Event): NewTopic {
  return {
    name: event.topic,
    partitions: 3,
    key: `${event.key}: the events of one ${words(event.aggregate)} stay in order.`,
    doc: `${sentence(event.domain)} facts from ${event.producer}.`,
    producers: [event.producer],
    consumers: [],
    records: [fullName(event.domain, event.name)],
  };
}

/** Where a new topic goes: after the domain's topics, else after the last event topic. */
export function topicPlace(domain: string, names: readonly string[]): (name: string) => boolean {
  if (names.some((n) => n.startsWith(`${domain}.`))) return (n) => n.startsWith(`${domain}.`);
  return (n) => !/\.commands\.v[0-9]+$/.test(n) && !n.startsWith('saga.');
}
