// Reads clinical.encounter.v1 (or the non-production topic) in tests, from its end at the moment
// the tap starts, by the visit numbers the test made up: the topic is shared with every other test
// and engineer.
import { Topics } from '@meridian/contracts';
import type { TopicContract } from '@meridian/contracts';
import { provisionTopics, RECORD_HEADER } from '@meridian/messaging';
import { tapTopic, withKafkaAdmin } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { TappedMessage } from '@meridian/testing';

/** One event as read: timestamps are epoch millis (decoded without the runtime's logical types). */
export interface TappedEvent {
  /** Short record name, e.g. `EncounterDischarged`. */
  readonly record: string;
  readonly key: string | null;
  readonly value: Readonly<Record<string, unknown>>;
}

export interface EncounterTap {
  /** Resolves with the first `count` events of `encounterId`; fails saying how many it saw. */
  waitFor(encounterId: string, count: number, timeoutMs?: number): Promise<TappedEvent[]>;
  stop(): Promise<void>;
}

function toEvent(message: TappedMessage): TappedEvent {
  const record = message.headers[RECORD_HEADER]?.split('.').pop() ?? '';
  return { record, key: message.key, value: message.value };
}

/** Starts reading `topic` at its current end; `infra` is e.g. `getInfra()`. */
export async function tapEncounterEvents(
  infra: { readonly kafkaBrokers: readonly string[]; readonly schemaRegistryUrl: string },
  topic: TopicContract<unknown> = Topics.ClinicalEncounterV1,
): Promise<EncounterTap> {
  // The topic may not exist yet on a fresh broker (the non-production one is created only by a
  // service set to publish to it): created as the catalogue declares it, leaders elected.
  const kafka = new Kafka({ brokers: [...infra.kafkaBrokers], logLevel: logLevel.NOTHING });
  await withKafkaAdmin(kafka, (admin) =>
    provisionTopics(admin, [{ name: topic.name, partitions: topic.partitions }], {
      replicationFactor: 1,
    }),
  );
  const tap = await tapTopic({
    brokers: infra.kafkaBrokers,
    schemaRegistryUrl: infra.schemaRegistryUrl,
    topic: topic.name,
  });
  return {
    waitFor: async (encounterId, count, timeoutMs) =>
      (await tap.waitFor((m) => m.value['encounterId'] === encounterId, count, timeoutMs)).map(
        toEvent,
      ),
    stop: () => tap.stop(),
  };
}
