// Reads clinical.encounter.v1 in tests, from its end at the moment the tap starts, decoded through
// the registry. The topic is shared with every other test and engineer: always filter by the
// visit numbers the test made up.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Topics } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import { uniqueName } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';

/** One event as read: timestamps are epoch millis (decoded without the runtime's logical types). */
export interface TappedEvent {
  /** Short record name, e.g. `EncounterDischarged`. */
  readonly record: string;
  readonly key: string | null;
  readonly value: Readonly<Record<string, unknown>>;
}

export interface EncounterTap {
  /** Events read so far for `encounterId`, in order. */
  of(encounterId: string): TappedEvent[];
  /** Resolves with the first `count` events of `encounterId`; fails naming what it saw. */
  waitFor(encounterId: string, count: number, timeoutMs?: number): Promise<TappedEvent[]>;
  stop(): Promise<void>;
}

/** avsc decodes records as class instances: plain objects compare with deepEqual. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

/** Starts reading at the topic's current end; `infra` is e.g. `getInfra()`. */
export async function tapEncounterEvents(infra: {
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
}): Promise<EncounterTap> {
  const topic = Topics.ClinicalEncounterV1.name;
  const groupId = uniqueName('encounter_tap');
  const kafka = new Kafka({
    clientId: groupId,
    brokers: [...infra.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
  const seen: TappedEvent[] = [];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
    });
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      try {
        const value = plain(await registry.decode(message.value)) as Record<string, unknown>;
        const record = message.headers?.[RECORD_HEADER]?.toString().split('.').pop() ?? '';
        seen.push({ record, key: message.key?.toString() ?? null, value });
      } catch {
        // not a record this registry can read: another test's scratch schema
      }
    },
  });
  const of = (encounterId: string): TappedEvent[] =>
    seen.filter((e) => e.value['encounterId'] === encounterId);
  return {
    of,
    async waitFor(encounterId, count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (of(encounterId).length < count) {
        if (Date.now() > deadline) {
          const got = of(encounterId).map((e) => e.record);
          throw new Error(
            `${count} events of ${encounterId} expected on ${topic}, got [${got.join(', ')}]`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return of(encounterId).slice(0, count);
    },
    async stop() {
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      try {
        await cleanup.deleteGroups([groupId]);
      } catch {
        // a group the broker already forgot is fine
      } finally {
        await cleanup.disconnect();
      }
    },
  };
}
