import type { Admin, ITopicConfig } from 'kafkajs';
import type { Logger } from 'pino';
import { retryAtStart, type StartRetry } from '../start/retry-at-start.js';

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

export interface ProvisionOptions {
  readonly replicationFactor: number;
  readonly logger?: Logger;
  /** How long a broker may answer retriable errors (default START_RETRY_TIMEOUT_MS, 2 min). */
  readonly startRetry?: StartRetry;
}

const SILENT = { warn: () => undefined };

/**
 * Creates missing topics with their partitions and replication, and adds partitions where a
 * topic has fewer than declared; never deletes or shrinks. Idempotent: a second run changes
 * nothing. Used by services at start-up, by tests and by the Helm provisioning job.
 *
 * A broker under load can answer "does not host this topic-partition" for a topic it has just
 * created, for longer than kafkajs waits for its leaders: such a retriable error is not a failure,
 * the whole step runs again (it is idempotent, `retryAtStart`) until its time has passed.
 */
export async function provisionTopics(
  admin: Admin,
  topics: readonly TopicSpec[],
  options: ProvisionOptions,
): Promise<ProvisionResult> {
  const created = new Set<string>();
  const result = await retryAtStart(() => provisionOnce(admin, topics, options, created), {
    ...options.startRetry,
    step: 'topic provisioning',
    logger: options.logger ?? SILENT,
  });
  options.logger?.info(result, 'topics provisioned');
  return result;
}

/** One pass; the names it created go into `created`, so a later pass still reports them. */
async function provisionOnce(
  admin: Admin,
  topics: readonly TopicSpec[],
  options: ProvisionOptions,
  created: Set<string>,
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
    for (const t of missing) created.add(t.name);
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
  return {
    created: topics.map((t) => t.name).filter((n) => created.has(n)),
    grown,
    unchanged: present.map((t) => t.name).filter((n) => !grown.includes(n) && !created.has(n)),
  };
}
