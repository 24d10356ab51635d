import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TransitionFacts } from '../sagas/saga-transition.js';

/** Saga durations: seconds to days (a saga may wait on people). */
const SAGA_BUCKETS = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 259200];
/** Step durations: a command's round trip to a human task's days. */
const STEP_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 3600, 14400, 86400];

/** Read on every scrape (each gauge is reset and set from what it returns). */
export interface GaugeSource {
  stuckSagas(): Promise<readonly { sagaType: string; step: string; count: number }[]>;
  openHumanTasks(): Promise<readonly { team: string; count: number }[]>;
  dlqDepth(): Promise<readonly { group: string; count: number }[]>;
  consumerLag(): Promise<readonly { group: string; topic: string; lag: number }[]>;
}

/** The transition a metric is about: its saga type and status, and its facts. */
export interface TransitionObserved {
  readonly sagaType: string;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly facts: TransitionFacts;
}

/**
 * The service's Prometheus metrics, in the service kit's registry (served at `/metrics`):
 * counters and histograms fed by each new saga transition, gauges read from the read model and
 * Kafka at scrape time. Labels are saga types, steps, teams, groups and topics: never PHI.
 */
@Injectable()
export class ObservabilityMetrics {
  private readonly started: Counter<'saga_type'>;
  private readonly finished: Record<
    'COMPLETED' | 'COMPENSATED' | 'SUSPENDED',
    Counter<'saga_type'>
  >;
  private readonly sagaDuration: Histogram<'saga_type' | 'outcome'>;
  private readonly stepDuration: Histogram<'saga_type' | 'step'>;

  constructor(private readonly registry: Registry) {
    const counter = (name: string, help: string): Counter<'saga_type'> =>
      new Counter({ name, help, labelNames: ['saga_type'], registers: [registry] });
    this.started = counter('meridian_sagas_started_total', 'Sagas started, by saga type.');
    this.finished = {
      COMPLETED: counter('meridian_sagas_completed_total', 'Sagas completed, by saga type.'),
      COMPENSATED: counter('meridian_sagas_compensated_total', 'Sagas compensated, by saga type.'),
      SUSPENDED: counter(
        'meridian_sagas_suspended_total',
        'Transitions of sagas into SUSPENDED (an incident), by saga type.',
      ),
    };
    this.sagaDuration = new Histogram({
      name: 'meridian_saga_duration_seconds',
      help: 'Duration of finished sagas from start to COMPLETED, COMPENSATED or FAILED (outcome).',
      labelNames: ['saga_type', 'outcome'],
      buckets: SAGA_BUCKETS,
      registers: [registry],
    });
    this.stepDuration = new Histogram({
      name: 'meridian_saga_step_duration_seconds',
      help: 'Time a saga spent at a step, measured when it leaves the step.',
      labelNames: ['saga_type', 'step'],
      buckets: STEP_BUCKETS,
      registers: [registry],
    });
  }

  /** Called once per transition the read model had not seen. */
  transition({ sagaType, fromStatus, toStatus, facts }: TransitionObserved): void {
    const labels = { saga_type: sagaType };
    if (fromStatus === null) this.started.inc(labels);
    if (toStatus === 'COMPLETED' || toStatus === 'COMPENSATED' || toStatus === 'SUSPENDED')
      this.finished[toStatus].inc(labels);
    if (facts.sagaMs !== null)
      this.sagaDuration.observe(
        { ...labels, outcome: toStatus.toLowerCase() },
        facts.sagaMs / 1000,
      );
    if (facts.left)
      this.stepDuration.observe({ ...labels, step: facts.left.step }, facts.left.ms / 1000);
  }

  /**
   * Registers the gauges read from `source` at scrape time. A source that fails keeps its gauge's
   * last values (the scrape still answers) and is reported to `onError`.
   */
  gauges(source: GaugeSource, onError: (gauge: string, error: unknown) => void): void {
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      read: () => Promise<readonly { labels: Record<L, string>; value: number }[]>,
    ): void => {
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [this.registry],
        async collect() {
          try {
            const rows = await read();
            this.reset();
            for (const row of rows) this.set(row.labels, row.value);
          } catch (error) {
            onError(name, error);
          }
        },
      });
    };
    gauge(
      'meridian_sagas_stuck',
      'Unfinished sagas past their step expected time (stepExpectedBy), by saga type and step; 0 for the ones on time.',
      ['saga_type', 'step'],
      async () =>
        (await source.stuckSagas()).map((r) => ({
          labels: { saga_type: r.sagaType, step: r.step },
          value: r.count,
        })),
    );
    gauge('meridian_human_tasks_open', 'Open human tasks, by owning team.', ['team'], async () =>
      (await source.openHumanTasks()).map((r) => ({ labels: { team: r.team }, value: r.count })),
    );
    gauge(
      'meridian_dlq_depth',
      'OPEN dead letters (neither replayed nor parked), by consumer group.',
      ['group'],
      async () =>
        (await source.dlqDepth()).map((r) => ({ labels: { group: r.group }, value: r.count })),
    );
    gauge(
      'meridian_consumer_lag',
      'Records not yet consumed (end offset minus committed offset, summed over partitions), by consumer group and topic.',
      ['group', 'topic'],
      async () =>
        (await source.consumerLag()).map((r) => ({
          labels: { group: r.group, topic: r.topic },
          value: r.lag,
        })),
    );
  }
}
