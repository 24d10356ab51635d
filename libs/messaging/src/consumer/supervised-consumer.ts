import type {
  Consumer,
  ConsumerCrashEvent,
  EachBatchHandler,
  EachMessageHandler,
  Kafka,
} from 'kafkajs';
import type { Logger } from 'pino';
import {
  assess,
  faultOf,
  initialHealth,
  transition,
  type ConsumerEvent,
  type ConsumerHealth,
  type ConsumerHealthState,
  type RestartPolicy,
} from './consumer-health.js';
import { retryAtStart, type StartRetry } from '../start/retry-at-start.js';

/**
 * How long a fetch waits for new records (kafkajs' `maxWaitTimeInMs`, whose own default is 5 s;
 * Java clients wait 500 ms). A stop waits for the fetch in flight, so this bounds how long a
 * consumer takes to stop; an idle consumer fetches once a second.
 */
export const FETCH_MAX_WAIT_MS = 1_000;

/**
 * The most bytes a fetch brings of one partition (kafkajs' default 1 MiB) and in all (10 MiB):
 * a few transactions' worth of Meridian's records (hundreds of bytes to a few KiB each), so a
 * fetch does not hold megabytes a stop or a rebalance would throw away. A record larger than this
 * still comes, alone. A fetch returns as soon as there is one byte (`minBytes` 1): latency first.
 */
export const FETCH_MAX_BYTES_PER_PARTITION = 256 * 1024;
export const FETCH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * How the consumer's messages are handled: `eachBatch`, a partition's fetched batch at once, which
 * resolves and commits its offsets itself (kafkajs commits what is resolved when a batch ends or
 * fails, and when stopping); or `eachMessage`, each message's offset committed once it returns.
 */
export type ConsumerHandling =
  | { readonly eachBatch: EachBatchHandler; readonly eachMessage?: never }
  | { readonly eachMessage: EachMessageHandler; readonly eachBatch?: never };

export type SupervisedConsumerOptions = SupervisedConsumerSettings & ConsumerHandling;

export interface SupervisedConsumerSettings {
  /** Only its consumer factory is used: a fresh kafkajs consumer per (re)start. */
  readonly kafka: Pick<Kafka, 'consumer'>;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly partitionsConsumedConcurrently: number;
  readonly logger: Logger;
  readonly restart: RestartPolicy;
  readonly joinGraceMs: number;
  /**
   * kafkajs' `sessionTimeout` (its default 30 s when absent) and `maxWaitTimeInMs` (default
   * FETCH_MAX_WAIT_MS).
   */
  readonly sessionTimeoutMs?: number;
  readonly maxWaitTimeMs?: number;
  /** How `start` retries while the broker settles (default: START_RETRY_TIMEOUT_MS, 2 min). */
  readonly startRetry?: StartRetry;
  readonly now?: () => number;
}

/**
 * One kafkajs consumer group member, watched through kafkajs' instrumentation events: its health
 * follows the `consumer-health` state machine, and when it is gone for good (a crash kafkajs does
 * not restart, a stop or disconnect nobody asked for) the supervisor starts a fresh consumer with
 * capped exponential backoff, again and again, until the broker takes it back.
 */
export class SupervisedConsumer {
  private consumer: Consumer | undefined;
  private detach: (() => void)[] = [];
  private state: ConsumerHealthState;
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Aborted by `stop`: a start still retrying gives up. */
  private readonly stopped = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: SupervisedConsumerOptions) {
    this.now = options.now ?? Date.now;
    this.state = initialHealth(options.groupId, this.now());
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /**
   * Connects, subscribes and runs; a retriable error (a broker still settling or not reachable
   * yet) is tried again with backoff (`retryAtStart`, step `kafka consumer <group>`); any other
   * error, or one lasting the whole retry time, fails the start with nothing left open. A stop
   * ends the retrying.
   */
  async start(): Promise<void> {
    const { startRetry, logger } = this.options;
    const signal = startRetry?.signal
      ? AbortSignal.any([startRetry.signal, this.stopped.signal])
      : this.stopped.signal;
    await retryAtStart(
      async () => {
        try {
          await this.launch();
        } catch (error) {
          await this.retire()
            ?.disconnect()
            .catch(() => undefined);
          throw error;
        }
      },
      { ...startRetry, signal, logger, step: `kafka consumer ${this.groupId}` },
    );
  }

  /** Stops restarting, then disconnects after the messages in flight are handled and committed. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.restarting;
    await this.retire()?.disconnect();
  }

  health(): ConsumerHealth {
    return assess(this.state, this.now(), this.options.joinGraceMs);
  }

  private async launch(): Promise<void> {
    const { kafka, groupId, topics, partitionsConsumedConcurrently } = this.options;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? FETCH_MAX_WAIT_MS,
      minBytes: 1,
      maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
      maxBytes: FETCH_MAX_BYTES,
    });
    this.consumer = consumer;
    this.detach = this.observe(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    const { eachBatch, eachMessage } = this.options;
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently,
      // An offset is resolved only after its message was handled (or moved to a retry topic or
      // the DLQ): by the batch handler itself, or by kafkajs once eachMessage returned, then
      // committed right away; kafkajs also commits resolved offsets when stopping.
      ...(eachBatch
        ? { eachBatch, eachBatchAutoResolve: false }
        : { eachMessage, autoCommitThreshold: 1 }),
    });
  }

  /** Feeds the consumer's instrumentation events to the state machine while it is the current one. */
  private observe(consumer: Consumer): (() => void)[] {
    const { events } = consumer;
    const feed =
      <E>(toEvent: (event: E) => ConsumerEvent) =>
      (event: E): void => {
        if (consumer === this.consumer && !this.stopping) this.apply(toEvent(event));
      };
    return [
      consumer.on(
        events.GROUP_JOIN,
        feed(() => ({ type: 'joined', at: this.now() })),
      ),
      consumer.on(
        events.REBALANCING,
        feed(() => ({ type: 'rebalancing', at: this.now() })),
      ),
      consumer.on(
        events.STOP,
        feed(() => ({ type: 'stopped', at: this.now() })),
      ),
      consumer.on(
        events.DISCONNECT,
        feed(() => ({ type: 'stopped', at: this.now() })),
      ),
      consumer.on(
        events.CRASH,
        feed((crash: ConsumerCrashEvent) => ({
          type: 'crashed',
          at: this.now(),
          restart: crash.payload.restart,
          fault: faultOf(crash.payload.error),
        })),
      ),
    ];
  }

  private apply(event: ConsumerEvent): void {
    const before = this.state;
    const { state, action } = transition(before, event, this.options.restart);
    this.state = state;
    this.log(before, event);
    switch (action.kind) {
      case 'none':
        return;
      case 'leave-to-kafkajs':
        clearTimeout(this.timer);
        this.timer = undefined;
        return;
      case 'restart':
        if (this.stopping || this.timer) return;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.restarting = this.restarting
            .then(() => this.restart())
            .catch((error: unknown) =>
              this.options.logger.error({ group: this.groupId, err: error }, 'restart failed'),
            );
        }, action.delayMs);
        this.timer.unref();
        return;
    }
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    // A crashed consumer is disconnected already; one stopped from outside may hold connections.
    await this.retire()
      ?.disconnect()
      .catch(() => undefined);
    if (this.stopping) return;
    const { phase, fault } = this.state;
    this.apply({ type: 'restarting', at: this.now() });
    this.options.logger.warn(
      { group: this.groupId, phase, err: fault, restarts: this.state.restarts },
      phase === 'stopped'
        ? 'kafka consumer stopped unexpectedly; restarting it'
        : 'restarting crashed kafka consumer',
    );
    try {
      await this.launch();
    } catch (error) {
      await this.retire()
        ?.disconnect()
        .catch(() => undefined);
      if (!this.stopping)
        this.apply({ type: 'restart-failed', at: this.now(), fault: faultOf(error) });
    }
  }

  /** Detaches the current consumer (its later events are ignored) and hands it back. */
  private retire(): Consumer | undefined {
    const consumer = this.consumer;
    for (const remove of this.detach) remove();
    this.detach = [];
    this.consumer = undefined;
    return consumer;
  }

  private log(before: ConsumerHealthState, event: ConsumerEvent): void {
    const group = this.groupId;
    const logger = this.options.logger;
    switch (event.type) {
      case 'joined':
        if (before.phase === 'crashed' || before.phase === 'stopped')
          logger.info(
            { group, restarts: this.state.restarts },
            'kafka consumer rejoined its group',
          );
        return;
      case 'rebalancing':
      case 'restarting':
      case 'stopped': // also the first sign of a crash: reported when the restart begins
        return;
      case 'crashed':
        logger.error(
          { group, err: event.fault, restart: event.restart ? 'by kafkajs' : 'by the runtime' },
          'kafka consumer crashed',
        );
        return;
      case 'restart-failed':
        logger.warn({ group, err: event.fault }, 'kafka consumer could not be restarted');
        return;
    }
  }
}
