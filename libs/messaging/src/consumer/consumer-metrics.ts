import { Counter, type Registry } from 'prom-client';

type SkipLabel = 'group' | 'topic' | 'record';

const SKIPPED = 'messaging_records_skipped_total';

/**
 * The consumers' Prometheus metrics, registered in the registry a service serves at `/metrics`
 * (the service kit's). Labels are the group, the topic and the record's Avro full name: never a
 * key or a value.
 */
export class ConsumerMetrics {
  /** Records of a type the group has no handler for on a topic it reads: committed, not handled. */
  readonly skipped: Counter<SkipLabel>;

  constructor(registry: Registry) {
    // Several Messaging instances may share one registry (a metric name registers only once).
    const existing = registry.getSingleMetric(SKIPPED);
    this.skipped =
      existing instanceof Counter
        ? (existing as Counter<SkipLabel>)
        : new Counter({
            name: SKIPPED,
            help: 'Records skipped by a consumer group because it has no handler for their type on that topic, by group, topic and record (Avro full name).',
            labelNames: ['group', 'topic', 'record'],
            registers: [registry],
          });
  }
}
