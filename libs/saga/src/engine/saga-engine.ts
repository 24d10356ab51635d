import { randomUUID } from 'node:crypto';
import {
  HumanTaskCreated,
  HumanTaskEscalated,
  SagaTransitioned,
  Topics,
  type TopicContract,
} from '@meridian/contracts';
import type {
  ConsumerOptions,
  ConsumerRuntime,
  MessageContext,
  Messaging,
  Production,
  RetryPolicy as ConsumerRetryPolicy,
} from '@meridian/messaging';
import { extractTraceContext, injectTraceContext } from '@meridian/telemetry';
import { context, trace } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { IllegalTransitionError, initialState, type SagaEvent } from '../decide/decide.js';
import {
  withPolicy,
  type Invocation,
  type PolicyOverrides,
  type RegisteredSaga,
  type ReplyHeader,
  type SagaData,
} from '../definition.js';
import type { TaskAction, TimerRef } from '../state.js';
import type { SagaInstance } from '../store/saga-instance.entity.js';
import {
  completeTask,
  findInstance,
  findTask,
  latestInstance,
  liveInstanceId,
  StaleSagaError,
} from '../store/saga-store.js';
import { TimerPoller } from './timer-poller.js';
import { Transitions } from './transition.js';

export interface SagaEngineOptions {
  readonly messaging: Messaging;
  readonly dataSource: DataSource;
  /** Every version of every definition still running somewhere; the newest of a name starts new instances. */
  readonly definitions: readonly RegisteredSaga[];
  readonly logger: Logger;
  /** Consumer group of `start` (replicas share it); a host that `attach`es brings its own. */
  readonly group: string;
  /** How `start`'s consumer retries a message it could not process (a database outage). */
  readonly consumerRetry?: ConsumerRetryPolicy;
  /** `start`'s consumer group's other options (session timeout, fetch wait); messaging's defaults. */
  readonly consumerOptions?: Omit<ConsumerOptions, 'retry'>;
  /** Configuration's overrides of every definition's saga-level policy (timeouts, retries, incidents). */
  readonly policy?: PolicyOverrides;
  /** The wait between rounds of the timer poller when fewer than a batch were due (250 ms). */
  readonly timerPollMs?: number;
  /** Due timers fired per transaction, each in its own savepoint (100). */
  readonly timerBatchSize?: number;
  readonly now?: () => Date;
  /** Where replies are read and lifecycle events written (defaults: the catalogue's topics). */
  readonly topics?: EngineTopics;
}

export interface EngineTopics {
  readonly replies: typeof Topics.SagaRepliesV1;
  readonly lifecycle: typeof Topics.SagaLifecycleV1;
}

export const DEFAULT_ENGINE_TOPICS: EngineTopics = {
  replies: Topics.SagaRepliesV1,
  lifecycle: Topics.SagaLifecycleV1,
};

/** Thrown by the API operations for an id that does not exist (the API answers 404). */
export class SagaNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'SagaNotFoundError';
  }
}

const tracer = trace.getTracer('@meridian/saga');
const STALE_RETRIES = 5;
export const DEFAULT_TIMER_POLL_MS = 250;
export const DEFAULT_TIMER_BATCH_SIZE = 100;
export const ENGINE_CONSUMER_RETRY: ConsumerRetryPolicy = {
  attempts: 8,
  initialDelayMs: 100,
  multiplier: 2,
  maxDelayMs: 5_000,
};

/** A person's completion of a task: what they decided, their note and any input for the saga. */
export interface TaskCompletion {
  readonly action: TaskAction | null;
  readonly note: string | null;
  readonly input: SagaData;
}

/** States a cancellation message cancels; anything else has nothing (more) to undo. */
const CANCELLABLE = ['RUNNING', 'WAITING', 'SUSPENDED', 'COMPLETED'];

function invocations(definitions: readonly RegisteredSaga[]): Invocation<SagaData>[] {
  return definitions.flatMap((d) =>
    d.steps.flatMap((s) =>
      s.kind === 'command' ? [s.invoke, ...(s.compensation ? [s.compensation] : [])] : [],
    ),
  );
}

/**
 * The saga engine: starts instances from trigger messages, sends commands and consumes replies
 * through Kafka, fires durable timers, and serves the operator actions (cancel, retry, complete a
 * human task). All state lives in PostgreSQL; every change goes through `decide` and is saved
 * with an optimistic check, together with the commands and lifecycle events it sends (outbox).
 */
export class SagaEngine {
  private readonly byName = new Map<string, Map<number, RegisteredSaga>>();
  private readonly transitions: Transitions;
  private readonly timers: TimerPoller;
  private consumer: ConsumerRuntime | undefined;

  private get engineTopics(): EngineTopics {
    return this.options.topics ?? DEFAULT_ENGINE_TOPICS;
  }

  constructor(private readonly options: SagaEngineOptions) {
    for (const registered of options.definitions) {
      const definition = withPolicy(registered, options.policy ?? {});
      const versions = this.byName.get(definition.name) ?? new Map<number, RegisteredSaga>();
      if (versions.has(definition.version))
        throw new Error(`${definition.name} v${definition.version} is registered twice`);
      versions.set(definition.version, definition);
      this.byName.set(definition.name, versions);
    }
    this.transitions = new Transitions({
      messaging: options.messaging,
      now: options.now ?? (() => new Date()),
      lifecycle: this.engineTopics.lifecycle,
    });
    this.timers = new TimerPoller({
      dataSource: options.dataSource,
      logger: options.logger,
      pollMs: options.timerPollMs ?? DEFAULT_TIMER_POLL_MS,
      batchSize: options.timerBatchSize ?? DEFAULT_TIMER_BATCH_SIZE,
      fire: (manager, sagaId, timer) => this.onTimer(manager, sagaId, timer),
      onFired: () => options.messaging.outbox.nudge(),
    });
  }

  /** What the engine publishes: the schemas `createMessaging` must find registered. */
  static productions(
    definitions: readonly RegisteredSaga[],
    topics: EngineTopics = DEFAULT_ENGINE_TOPICS,
  ): Production[] {
    const byTopic = new Map<TopicContract<unknown>, Set<Invocation<SagaData>['command']>>();
    for (const inv of invocations(definitions))
      byTopic.set(inv.topic, (byTopic.get(inv.topic) ?? new Set()).add(inv.command));
    return [
      ...[...byTopic].map(([topic, records]) => ({ topic, records: [...records] })),
      {
        topic: topics.lifecycle,
        records: [SagaTransitioned, HumanTaskCreated, HumanTaskEscalated],
      },
    ];
  }

  /** Every topic the engine reads or writes, for provisioning. */
  static topics(
    definitions: readonly RegisteredSaga[],
    topics: EngineTopics = DEFAULT_ENGINE_TOPICS,
  ): TopicContract<unknown>[] {
    const triggers = definitions.flatMap((d) => [
      d.trigger.topic,
      ...(d.cancelledBy ? [d.cancelledBy.topic] : []),
    ]);
    return [
      ...new Set([
        ...triggers,
        ...invocations(definitions).map((i) => i.topic),
        topics.replies,
        topics.lifecycle,
      ]),
    ];
  }

  /**
   * Runs the engine on its own consumer group (`group`): handlers attached, every topic it touches
   * provisioned (with the group's retry and DLQ topics), the consumer, the outbox relay and the
   * timers started. A service that hosts messaging itself uses `attach` and `startTimers`.
   */
  async start(): Promise<void> {
    const consumer = this.options.messaging.consumer(this.options.group, {
      ...this.options.consumerOptions,
      retry: this.options.consumerRetry ?? ENGINE_CONSUMER_RETRY,
    });
    this.attach(consumer);
    await this.options.messaging.provision(
      SagaEngine.topics(this.options.definitions, this.engineTopics),
    );
    await consumer.start();
    this.consumer = consumer;
    this.options.messaging.relay.start();
    this.startTimers();
  }

  /** Registers the engine's handlers (triggers, cancellations, replies) on a consumer not yet started. */
  attach(consumer: ConsumerRuntime): void {
    for (const definition of this.latestVersions()) {
      consumer.on(definition.trigger.topic, definition.trigger.record, (value, ctx) =>
        this.onTrigger(definition, value, ctx),
      );
      const cancel = definition.cancelledBy;
      if (cancel)
        consumer.on(cancel.topic, cancel.record, async (value, ctx) => {
          if (cancel.when && !cancel.when(value)) return;
          await this.onCancel(definition, cancel.businessKey(value), ctx);
        });
    }
    const replies = new Map(
      invocations(this.options.definitions).map((i) => [i.reply.fullName, i.reply]),
    );
    for (const reply of replies.values())
      consumer.on(this.engineTopics.replies, reply, (value, ctx) => this.onReply(value, ctx));
  }

  /** Starts firing due timers (reply timeouts, retries, incident retries, waits, escalations). */
  startTimers(): void {
    this.timers.start();
  }

  /** Stops the timers, and the consumer `start` started. */
  async stop(): Promise<void> {
    await this.timers.stop();
    await this.consumer?.stop();
    this.consumer = undefined;
  }

  /** Cancels (compensates) an instance: running, waiting or completed. */
  cancel(sagaId: string): Promise<SagaInstance> {
    return this.operate(sagaId, { type: 'cancel' });
  }

  /** Sends the current command of a SUSPENDED (or FAILED) instance again, with fresh retries. */
  retry(sagaId: string): Promise<SagaInstance> {
    return this.operate(sagaId, { type: 'retry' });
  }

  /** A person completed a task: the saga retries the step, skips it or compensates. */
  async completeHumanTask(taskId: string, completion: TaskCompletion): Promise<SagaInstance> {
    const task = await findTask(this.options.dataSource.manager, taskId);
    if (!task) throw new SagaNotFoundError(`human task ${taskId}`);
    if (task.status !== 'OPEN' && task.status !== 'ESCALATED')
      throw new IllegalTransitionError(`human task ${taskId} is ${task.status}`);
    const { action, input } = completion;
    return this.operate(
      task.sagaId,
      { type: 'task-completed', stepName: task.stepName, action, input },
      (manager) => completeTask(manager, taskId, completion),
    );
  }

  private latestVersions(): RegisteredSaga[] {
    return [...this.byName.values()].map(
      (versions) => versions.get(Math.max(...versions.keys())) as RegisteredSaga,
    );
  }

  private definitionOf(instance: SagaInstance): RegisteredSaga {
    const definition = this.byName.get(instance.sagaType)?.get(instance.definitionVersion);
    if (!definition)
      throw new IllegalTransitionError(
        `saga ${instance.id} runs ${instance.sagaType} v${instance.definitionVersion}, which this orchestrator does not have`,
      );
    return definition;
  }

  private async onTrigger(
    definition: RegisteredSaga,
    value: unknown,
    ctx: MessageContext,
  ): Promise<void> {
    const businessKey = definition.trigger.businessKey(value);
    const dedupeKey =
      definition.trigger.uniqueBy === 'trigger' ? ctx.envelope.messageId : businessKey;
    const live = await liveInstanceId(ctx.manager, definition.name, dedupeKey);
    if (live) {
      this.options.logger.info(
        { sagaType: definition.name, businessKey, sagaId: live },
        'saga already started for this key; trigger ignored',
      );
      return;
    }
    const initial = initialState();
    const instance: SagaInstance = {
      id: randomUUID(),
      sagaType: definition.name,
      definitionVersion: definition.version,
      businessKey,
      dedupeKey,
      triggerMessageId: ctx.envelope.messageId,
      ...initial,
      history: [],
      traceContext: injectTraceContext({}) as Record<string, string>,
      stateVersion: 0,
      startedAt: new Date(),
      updatedAt: new Date(),
    };
    await this.traced(instance, 'start', () =>
      this.transitions.apply(
        ctx.manager,
        definition,
        instance,
        { type: 'start', data: definition.trigger.data(value) },
        { isNew: true },
      ),
    );
  }

  private async onCancel(
    definition: RegisteredSaga,
    businessKey: string,
    ctx: MessageContext,
  ): Promise<void> {
    const instance = await latestInstance(ctx.manager, definition.name, businessKey);
    if (!instance || !CANCELLABLE.includes(instance.status) || instance.direction !== 'forward') {
      this.options.logger.info(
        { sagaType: definition.name, businessKey, status: instance?.status },
        'nothing to cancel for this key',
      );
      return;
    }
    await this.traced(instance, 'cancel', () =>
      this.transitions.apply(ctx.manager, this.definitionOf(instance), instance, {
        type: 'cancel',
      }),
    );
  }

  private async onReply(value: unknown, ctx: MessageContext): Promise<void> {
    const reply = value as ReplyHeader;
    const instance = await findInstance(ctx.manager, reply.sagaId);
    if (!instance) {
      this.options.logger.warn(
        { sagaId: reply.sagaId, stepName: reply.stepName },
        'reply for an unknown saga ignored',
      );
      return;
    }
    await this.traced(instance, `reply ${reply.stepName}`, () =>
      this.transitions.apply(ctx.manager, this.definitionOf(instance), instance, {
        type: 'reply',
        stepName: reply.stepName,
        commandMessageId: reply.commandMessageId,
        succeeded: reply.outcome === 'SUCCEEDED',
        failure: reply.failure
          ? {
              code: reply.failure.code,
              message: reply.failure.message,
              retriable: reply.failure.retriable,
              details: reply.failure.details,
            }
          : null,
        reply: value,
      }),
    );
  }

  private async onTimer(manager: EntityManager, sagaId: string, timer: TimerRef): Promise<void> {
    const instance = await findInstance(manager, sagaId);
    if (!instance) return;
    await this.traced(instance, `timer ${timer.kind}`, () =>
      this.transitions.apply(
        manager,
        this.definitionOf(instance),
        instance,
        { type: 'timer', timer },
        { quietIgnore: true },
      ),
    );
  }

  /** An operator action in its own transaction, retried when the instance moved concurrently. */
  private async operate(
    sagaId: string,
    event: SagaEvent,
    alsoDo?: (manager: EntityManager) => Promise<void>,
  ): Promise<SagaInstance> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const next = await this.options.dataSource.transaction(async (manager) => {
          const instance = await findInstance(manager, sagaId);
          if (!instance) throw new SagaNotFoundError(`saga ${sagaId}`);
          const moved = await this.traced(instance, event.type, () =>
            this.transitions.apply(manager, this.definitionOf(instance), instance, event),
          );
          await alsoDo?.(manager);
          return moved;
        });
        // What the action sent is committed in the outbox: the relay need not wait for its poll.
        this.options.messaging.outbox.nudge();
        return next;
      } catch (error) {
        if (!(error instanceof StaleSagaError) || attempt >= STALE_RETRIES) throw error;
      }
    }
  }

  /**
   * A span in the saga's trace, the child of the active one (a consumed message) or else of the
   * trigger's: `meridian.saga.id`, `.type`, `.business_key` and `.step` (the step the event meets).
   */
  private traced<T>(instance: SagaInstance, what: string, work: () => Promise<T>): Promise<T> {
    const parent = trace.getActiveSpan()
      ? context.active()
      : extractTraceContext(instance.traceContext);
    const step = this.byName.get(instance.sagaType)?.get(instance.definitionVersion)?.steps[
      instance.stepIndex
    ]?.name;
    return tracer.startActiveSpan(
      `saga ${instance.sagaType} ${what}`,
      {
        attributes: {
          'meridian.saga.id': instance.id,
          'meridian.saga.type': instance.sagaType,
          'meridian.saga.business_key': instance.businessKey,
          ...(step === undefined ? {} : { 'meridian.saga.step': step }),
        },
      },
      parent,
      async (span) => {
        try {
          return await work();
        } finally {
          span.end();
        }
      },
    );
  }
}
