import type { Admin, ITopicConfig } from 'kafkajs';
import type { Logger } from 'pino';

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly configs?: Readonly<Record<string, string>>;
}

export interface ProvisionResult {
  readonly created: string[];
  readonly grown: string[];
  readonly unchanged: string[];
}

/**
 * Creates missing topics with their partitions and replication, and adds partitions where a
 * topic has fewer than declared; never deletes or shrinks. Idempotent: a second run changes
 * nothing. Used by services at start-up, by tests and by the Helm provisioning job.
 */
export async function provisionTopics(
  admin: Admin,
  topics: readonly TopicSpec[],
  options: { replicationFactor: number; logger?: Logger },
): Promise<ProvisionResult> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  const present = topics.filter((t) => existing.has(t.name));
  if (missing.length > 0) {
    const configs: ITopicConfig[] = missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor: options.replicationFactor,
      configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
    }));
    await admin.createTopics({ topics: configs, waitForLeaders: true });
  }
  const grown: string[] = [];
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
    for (const spec of present) {
      const current = metadata.topics.find((t) => t.name === spec.name)?.partitions.length ?? 0;
      if (current < spec.partitions) {
        await admin.createPartitions({
          topicPartitions: [{ topic: spec.name, count: spec.partitions }],
        });
        grown.push(spec.name);
      } else if (current > spec.partitions) {
        options.logger?.warn(
          { topic: spec.name, current, declared: spec.partitions },
          'topic has more partitions than declared; left as is',
        );
      }
    }
  }
  const result = {
    created: missing.map((t) => t.name),
    grown,
    unchanged: present.map((t) => t.name).filter((n) => !grown.includes(n)),
  };
  options.logger?.info(result, 'topics provisioned');
  return result;
}
