import { Injectable } from '@nestjs/common';
import { KafkaClients } from '../kafka/kafka-clients.js';

export interface PartitionLag {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** Null when the group has no committed offset on the partition. */
  readonly committedOffset: string | null;
  readonly endOffset: string;
  /** End minus committed offset; from the partition's start when nothing is committed. */
  readonly lag: number;
}

/** A reading is reused this long (a scrape and an API call close together ask Kafka once). */
const REUSE_MS = 5_000;

/**
 * Consumer lag of every consumer group of the cluster (kafkajs admin: `listGroups`, each group's
 * committed offsets against the topics' end offsets), per partition.
 */
@Injectable()
export class ConsumerLagService {
  private last: { at: number; reading: Promise<PartitionLag[]> } | undefined;

  constructor(private readonly kafka: KafkaClients) {}

  lag(): Promise<PartitionLag[]> {
    const now = Date.now();
    if (!this.last || now - this.last.at > REUSE_MS) {
      const reading = this.read();
      reading.catch(() => (this.last = undefined));
      this.last = { at: now, reading };
    }
    return this.last.reading;
  }

  /** Lag summed over partitions, per group and topic (the gauge). */
  async byTopic(): Promise<{ group: string; topic: string; lag: number }[]> {
    const sums = new Map<string, { group: string; topic: string; lag: number }>();
    for (const p of await this.lag()) {
      const key = `${p.groupId}\u0000${p.topic}`;
      const sum = sums.get(key) ?? { group: p.groupId, topic: p.topic, lag: 0 };
      sums.set(key, { ...sum, lag: sum.lag + p.lag });
    }
    return [...sums.values()];
  }

  private async read(): Promise<PartitionLag[]> {
    const admin = await this.kafka.connectedAdmin();
    const { groups } = await admin.listGroups();
    const ends = new Map<string, Promise<Map<number, { low: string; high: string }> | null>>();
    const endsOf = (topic: string): Promise<Map<number, { low: string; high: string }> | null> => {
      let found = ends.get(topic);
      if (!found) {
        // A topic deleted since the group committed on it has no end: left out.
        found = admin
          .fetchTopicOffsets(topic)
          .then(
            (offsets) => new Map(offsets.map((o) => [o.partition, { low: o.low, high: o.high }])),
          )
          .catch(() => null);
        ends.set(topic, found);
      }
      return found;
    };
    const perGroup = await Promise.all(
      groups
        .filter((g) => g.protocolType === 'consumer' || g.protocolType === '')
        .map(async ({ groupId }) => {
          const topics = await admin.fetchOffsets({ groupId }).catch(() => []);
          const rows: PartitionLag[] = [];
          for (const { topic, partitions } of topics) {
            const end = await endsOf(topic);
            if (!end) continue;
            for (const { partition, offset } of partitions) {
              const bounds = end.get(partition);
              if (!bounds) continue;
              const committed = Number(offset) >= 0 ? offset : null;
              const from = BigInt(committed ?? bounds.low);
              const lag = BigInt(bounds.high) - from;
              rows.push({
                groupId,
                topic,
                partition,
                committedOffset: committed,
                endOffset: bounds.high,
                lag: Number(lag > 0n ? lag : 0n),
              });
            }
          }
          return rows;
        }),
    );
    return perGroup
      .flat()
      .sort(
        (a, b) =>
          a.groupId.localeCompare(b.groupId) ||
          a.topic.localeCompare(b.topic) ||
          a.partition - b.partition,
      );
  }
}
