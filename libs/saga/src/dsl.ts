// The saga DSL: a definition reads top to bottom like the workflow's step list.
//
//   defineSaga<DischargeData>('discharge-to-revenue', 1)
//     .startedBy(EncounterDischarged, { topic, businessKey: (e) => e.encounterId, data: (e) => ... })
//     .cancelledBy(EncounterDischargeCancelled, (c) => c.encounterId, { topic })
//     .policy({ replyTimeoutMs: minutes(2), retry: { attempts: 3, initialDelayMs: seconds(2), multiplier: 2, maxDelayMs: minutes(1) }, ... })
//     .step('FinalizeCharges')
//       .invoke(FinalizeCharges, (d) => ({ ... }))
//       .onReply((d, r) => ({ ...d, chargeIds: r.chargeIds }))
//       .compensateWith(ReverseCharges, (d) => ({ ... }))
//       .onRejection('CHARGE_CODE_NOT_FOUND', workItem({ type, team }))
//     .step('CreateBillOnlyPurchaseOrder')
//       .when((d) => d.consignment)      // skipped (and never compensated) otherwise
//     .step(...)
//     .build();
//
// A command's topic and reply come from the contract catalogue; the key defaults to the business
// key; the engine fills the saga ids and the compensated command's id. A record more than one
// topic carries (an encounter event is on clinical.encounter.v1 and its non-production twin)
// needs its topic named.
import {
  Topics,
  type RecordContract,
  type RecordOf,
  type TopicContract,
  type TopicRecordContract,
} from '@meridian/contracts';
import type {
  Cancellation,
  CommandBody,
  CommandStep,
  Invocation,
  RegisteredSaga,
  RejectionHandling,
  ReplyContract,
  Revivable,
  SagaData,
  SagaPolicy,
  Step,
  TaskSpec,
  Trigger,
  WaitStep,
} from './definition.js';
import type { RetryPolicy } from '@meridian/messaging';

type NameOf<K> = K extends RecordContract<unknown, infer N> ? N : never;
type AnyRecord = RecordContract<unknown, string>;

/** The reply contract of a command: `<Command>Reply` on saga.replies.v1. */
export type ReplyContractOf<K> = Extract<
  TopicRecordContract<typeof Topics.SagaRepliesV1>,
  { readonly fullName: `${NameOf<K>}Reply` }
>;
export type ReplyOf<K> = RecordOf<ReplyContractOf<K>>;

/** Builds a command's own fields from the saga data. */
export type BuildCommand<D, K> = (data: D) => Revivable<CommandBody<RecordOf<K>>>;

export interface InvokeOptions<D> {
  /** Kafka key; default the saga's business key. */
  readonly key?: (data: D) => string;
  /** The topic to send on; default the one topic of the catalogue that carries the command. */
  readonly topic?: TopicContract<unknown>;
}

/** Where a command goes and what answers it, from the catalogue (`Topics`). */
export function routeOf(
  command: AnyRecord,
  topic: TopicContract<unknown> = carrierOf(command),
): { topic: TopicContract<unknown>; reply: ReplyContract } {
  const reply = Topics.SagaRepliesV1.records.find((r) => r.fullName === `${command.fullName}Reply`);
  if (!reply) throw new Error(`${command.fullName} has no reply ${command.fullName}Reply`);
  return { topic, reply };
}

function invocation<D extends SagaData>(
  command: AnyRecord,
  build: (data: D) => object,
  options: InvokeOptions<D>,
): Invocation<D> {
  const { topic, reply } = routeOf(command, options.topic);
  return { topic, command, reply, build, ...(options.key ? { key: options.key } : {}) };
}

/** A rejection a person can fix: the saga waits on a work-queue task of `type` owned by `team`. */
export function workItem<D extends SagaData>(task: TaskSpec<D>): RejectionHandling<D> {
  return { kind: 'work-item', task };
}

/** A rejection that ends the saga: the completed steps are compensated. */
export const finalRejection = { kind: 'final' } as const satisfies RejectionHandling<SagaData>;

interface Parts<T, D extends SagaData> {
  readonly name: string;
  readonly version: number;
  readonly trigger?: Trigger<T, D>;
  readonly cancelledBy?: Cancellation<unknown>;
  readonly policy?: SagaPolicy;
  readonly steps: readonly Step<D>[];
}

/** A saga under construction; every method returns a new builder. */
export class SagaBuilder<T, D extends SagaData> {
  constructor(protected readonly parts: Parts<T, D>) {}

  startedBy<R>(
    record: RecordContract<R>,
    spec: {
      businessKey: (trigger: R) => string;
      data: (trigger: R) => D;
      uniqueBy?: Trigger<R, D>['uniqueBy'];
      topic?: TopicContract<unknown>;
    },
  ): SagaBuilder<R, D> {
    const topic = spec.topic ?? carrierOf(record);
    const trigger: Trigger<R, D> = {
      topic,
      record,
      businessKey: spec.businessKey,
      data: spec.data,
      uniqueBy: spec.uniqueBy ?? 'business-key',
    };
    return new SagaBuilder<R, D>({ ...this.parts, trigger } as Parts<R, D>);
  }

  /**
   * A message that cancels the instance of its business key: what it did is compensated. `when`
   * narrows it to the messages that are real cancellations (a record may also carry partial undos).
   */
  cancelledBy<C>(
    record: RecordContract<C>,
    businessKey: (message: C) => string,
    options: { topic?: TopicContract<unknown>; when?: (message: C) => boolean } = {},
  ): SagaBuilder<T, D> {
    const cancelledBy: Cancellation<unknown> = {
      topic: options.topic ?? carrierOf(record),
      record,
      businessKey: businessKey as (message: unknown) => string,
      ...(options.when ? { when: options.when as (message: unknown) => boolean } : {}),
    };
    return new SagaBuilder({ ...this.parts, cancelledBy });
  }

  /** Timeouts, retries, incident backoff and the owning team, once for the whole saga. */
  policy(policy: SagaPolicy): SagaBuilder<T, D> {
    return new SagaBuilder({ ...this.parts, policy });
  }

  /** A step that sends a command: continue with `.invoke(Command, build)`. */
  step(name: string): { invoke: StepStart<T, D> } {
    return {
      invoke: (command, build, options = {}) =>
        new CommandStepBuilder<T, D, typeof command>(this.parts, {
          kind: 'command',
          name,
          invoke: invocation(command, build as (data: D) => object, options),
          onReply: (data: D) => data,
          rejections: {},
        }),
    };
  }

  /** A step that waits for a timer or a person, then goes on with the next step. */
  wait(
    name: string,
    spec: { timerMs: (data: D) => number } | { task: TaskSpec<D> },
  ): SagaBuilder<T, D> {
    const step: WaitStep<D> = { kind: 'wait', name, ...spec };
    return new SagaBuilder({ ...this.parts, steps: [...this.parts.steps, step] });
  }

  /** Checks the definition and hands it to the engine with its types erased. */
  build(): RegisteredSaga {
    const { name, version, trigger, policy, steps } = this.parts;
    const where = `${name} v${version}`;
    if (!trigger) throw new Error(`${where}: no trigger (startedBy)`);
    if (!policy) throw new Error(`${where}: no policy`);
    if (steps.length === 0) throw new Error(`${where}: no steps`);
    const names = new Set<string>();
    for (const step of steps) {
      if (names.has(step.name)) throw new Error(`${where}: step ${step.name} appears twice`);
      names.add(step.name);
      if (step.kind === 'wait' && !step.timerMs === !step.task)
        throw new Error(`${where}: wait step ${step.name} needs exactly one of a timer or a task`);
      if (step.kind === 'command' && (step.retry ?? policy.retry).attempts < 1)
        throw new Error(`${where}: step ${step.name} needs at least one attempt`);
    }
    return { ...this.parts, trigger, policy, steps } as unknown as RegisteredSaga;
  }
}

type StepStart<T, D extends SagaData> = <K extends AnyRecord>(
  command: K,
  build: BuildCommand<D, K>,
  options?: InvokeOptions<D>,
) => CommandStepBuilder<T, D, K>;

/** A command step under construction; `.step()`, `.wait()` or `.build()` closes it. */
export class CommandStepBuilder<T, D extends SagaData, K> extends SagaBuilder<T, D> {
  constructor(
    parts: Parts<T, D>,
    private readonly current: CommandStep<D>,
  ) {
    super({ ...parts, steps: [...parts.steps, current] });
  }

  private with(change: Partial<CommandStep<D>>): CommandStepBuilder<T, D, K> {
    const steps = this.parts.steps.slice(0, -1);
    return new CommandStepBuilder({ ...this.parts, steps }, { ...this.current, ...change });
  }

  /** Folds the successful reply into the saga data. */
  onReply(fold: (data: D, reply: ReplyOf<K>) => D): CommandStepBuilder<T, D, K> {
    return this.with({ onReply: fold as (data: D, reply: never) => D });
  }

  /** The command that undoes this step when the saga is cancelled. */
  compensateWith<C extends AnyRecord>(
    command: C,
    build: BuildCommand<D, C>,
    options: InvokeOptions<D> = {},
  ): CommandStepBuilder<T, D, K> {
    return this.with({ compensation: invocation(command, build as (data: D) => object, options) });
  }

  /** What a participant's rejection `code` leads to: a work item, or compensation. */
  onRejection(code: string, handling: RejectionHandling<D>): CommandStepBuilder<T, D, K> {
    return this.with({ rejections: { ...this.current.rejections, [code]: handling } });
  }

  /**
   * Runs the step only when `condition` holds for the saga data when the step is reached (e.g. a
   * purchase order only for consignment stock); a skipped step has nothing to compensate.
   */
  when(condition: (data: D) => boolean): CommandStepBuilder<T, D, K> {
    return this.with({ when: condition });
  }

  /** This step's reply timeout instead of the saga's. */
  replyTimeout(ms: number): CommandStepBuilder<T, D, K> {
    return this.with({ replyTimeoutMs: ms });
  }

  /**
   * How long the step may take before the saga counts as stuck, when that is not every attempt's
   * reply timeout (a participant that answers later by design, e.g. a supplier invoice).
   */
  expectedWithin(ms: number): CommandStepBuilder<T, D, K> {
    return this.with({ expectedWithinMs: ms });
  }

  /** This step's retry policy instead of the saga's. */
  retry(policy: RetryPolicy): CommandStepBuilder<T, D, K> {
    return this.with({ retry: policy });
  }
}

function carrierOf(record: AnyRecord): TopicContract<unknown> {
  const carriers = Object.values(Topics as Record<string, TopicContract<unknown>>).filter((t) =>
    t.records.some((r) => r.fullName === record.fullName),
  );
  const [carrier] = carriers;
  if (carriers.length !== 1 || !carrier) {
    const names = carriers.map((t) => t.name).join(', ');
    throw new Error(
      `${record.fullName} is carried by ${carriers.length} topics${names ? ` (${names})` : ''}, not one: name the topic`,
    );
  }
  return carrier;
}

/** Starts a definition: `defineSaga<Data>(name, version).startedBy(...)...build()`. */
export function defineSaga<D extends SagaData>(
  name: string,
  version: number,
): SagaBuilder<unknown, D> {
  return new SagaBuilder<unknown, D>({ name, version, steps: [] });
}
