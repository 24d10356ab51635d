import type { Topics } from '@meridian/contracts';
import { HumanTaskCreated, HumanTaskEscalated, SagaTransitioned } from '@meridian/contracts';
import { outboxItem, type Messaging, type OutboxItem } from '@meridian/messaging';
import type { EntityManager } from 'typeorm';
import { decide, type Effect, type SagaEvent } from '../decide/decide.js';
import { stepExpectedBy, type RegisteredSaga, type SagaData } from '../definition.js';
import type { SagaState } from '../state.js';
import {
  cancelOpenTasks,
  escalateOpenTasks,
  insertInstance,
  insertTask,
  updateInstance,
  type ArmedTimer,
} from '../store/saga-store.js';
import type { SagaInstance } from '../store/saga-instance.entity.js';
import { revive } from './revive.js';

export function stateOf(instance: SagaInstance): SagaState {
  return {
    status: instance.status,
    stepIndex: instance.stepIndex,
    direction: instance.direction,
    attempt: instance.attempt,
    data: instance.data as SagaData,
    pendingCommandId: instance.pendingCommandId,
    lastError: instance.lastError,
    incident: instance.incident,
    history: instance.history,
  };
}

type Send = Extract<Effect, { type: 'send' }>;

/**
 * Applies one event to one instance inside the caller's transaction: decide, carry out the
 * effects (tasks in their table), write the messages they publish and the lifecycle event through
 * the outbox in one statement, in the effects' order, then save (timers with the instance) with an
 * optimistic check on the state version.
 */
export class Transitions {
  constructor(
    private readonly deps: {
      messaging: Messaging;
      now: () => Date;
      lifecycle: typeof Topics.SagaLifecycleV1;
    },
  ) {}

  /**
   * `quietIgnore`: an event that changes nothing is dropped without a history line (stale timers);
   * otherwise it is recorded as ignored (late or duplicate replies).
   */
  async apply(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    event: SagaEvent,
    options: { isNew?: boolean; quietIgnore?: boolean } = {},
  ): Promise<SagaInstance> {
    const now = this.deps.now();
    const before = stateOf(instance);
    const decision = decide(definition, before, event, now);
    if (decision.ignored && options.quietIgnore) return instance;
    // Timers are saved with the instance, in one statement (decide arms them where it ends).
    const timers: ArmedTimer[] = [];
    const messages: OutboxItem[] = [];
    /** Where the (last) command sent is among `messages`. */
    let command: number | undefined;
    for (const effect of decision.effects) {
      if (effect.type === 'schedule') {
        timers.push({ timer: effect.timer, dueAt: new Date(now.getTime() + effect.dueInMs) });
      } else if (effect.type === 'send') {
        command = messages.length;
        messages.push(this.command(definition, instance, effect));
      } else {
        messages.push(...(await this.carryOut(manager, definition, instance, effect, now)));
      }
    }
    const unsent: SagaInstance = {
      ...instance,
      ...decision.state,
      history: [...decision.state.history],
      stateVersion: instance.stateVersion + 1,
      updatedAt: now,
    };
    const moved =
      options.isNew ||
      before.status !== unsent.status ||
      before.stepIndex !== unsent.stepIndex ||
      before.direction !== unsent.direction;
    if (moved)
      messages.push(this.transitioned(definition, unsent, options.isNew ? null : before, now));
    const ids = await this.deps.messaging.outbox.publishAll(manager, messages);
    const commandId = command === undefined ? undefined : ids[command];
    const next = commandId === undefined ? unsent : sent(unsent, commandId);
    await (options.isNew
      ? insertInstance(manager, next, timers)
      : updateInstance(manager, next, instance.stateVersion, timers));
    return next;
  }

  /** An effect's work in the database; the lifecycle events it publishes. */
  private async carryOut(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    effect: Exclude<Effect, { type: 'schedule' | 'send' }>,
    now: Date,
  ): Promise<OutboxItem[]> {
    switch (effect.type) {
      case 'open-task':
        return [await this.openTask(manager, definition, instance, effect, now)];
      case 'escalate-tasks':
        return this.escalate(manager, definition, instance, now);
      case 'close-tasks':
        await cancelOpenTasks(manager, instance.id, now);
        return [];
    }
  }

  /** The command to send (its id, once written, goes into the state: `sent`). */
  private command(definition: RegisteredSaga, instance: SagaInstance, effect: Send): OutboxItem {
    const { invocation } = effect;
    const step = definition.steps[effect.stepIndex];
    const body = {
      sagaId: instance.id,
      sagaType: definition.name,
      stepName: step?.name,
      ...(effect.compensates === null ? {} : { compensatedCommandMessageId: effect.compensates }),
      ...effect.body,
    };
    return outboxItem(
      invocation.topic,
      invocation.command,
      revive(invocation.command.schema, body) as never,
      { key: effect.key ?? instance.businessKey, correlationId: instance.id },
    );
  }

  private async openTask(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    effect: Extract<Effect, { type: 'open-task' }>,
    now: Date,
  ): Promise<OutboxItem> {
    const step = definition.steps[effect.stepIndex];
    const { task: spec } = effect;
    const task = await insertTask(manager, {
      sagaId: instance.id,
      sagaType: definition.name,
      stepName: step?.name ?? '(end)',
      taskType: spec.type,
      team: spec.team,
      reasonCode: spec.reasonCode,
      reason: spec.reason,
      details: spec.details,
      dueAt: new Date(now.getTime() + spec.escalateAfterMs),
    });
    return outboxItem(
      this.deps.lifecycle,
      HumanTaskCreated,
      {
        taskId: task.id,
        sagaId: instance.id,
        sagaType: definition.name,
        businessKey: instance.businessKey,
        stepName: task.stepName,
        taskType: spec.type,
        assigneeQueue: spec.team,
        dueAt: task.dueAt,
        subjectReference: instance.businessKey,
        team: spec.team,
        reasonCode: spec.reasonCode,
        reason: spec.reason,
        details: spec.details ? { ...spec.details } : null,
      },
      { key: instance.id, correlationId: instance.id },
    );
  }

  private async escalate(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    now: Date,
  ): Promise<OutboxItem[]> {
    return (await escalateOpenTasks(manager, instance.id)).map((task) =>
      outboxItem(
        this.deps.lifecycle,
        HumanTaskEscalated,
        {
          taskId: task.id,
          sagaId: instance.id,
          sagaType: definition.name,
          businessKey: instance.businessKey,
          taskType: task.taskType as HumanTaskEscalated['taskType'],
          escalationLevel: 1,
          assigneeQueue: `${task.team}.escalated`,
          previousAssigneeQueue: task.team,
          dueAt: task.dueAt,
          escalatedAt: now,
        },
        { key: instance.id, correlationId: instance.id },
      ),
    );
  }

  private transitioned(
    definition: RegisteredSaga,
    instance: SagaInstance,
    before: SagaState | null,
    now: Date,
  ): OutboxItem {
    const error = instance.lastError;
    return outboxItem(
      this.deps.lifecycle,
      SagaTransitioned,
      {
        sagaId: instance.id,
        sagaType: definition.name,
        definitionVersion: definition.version,
        businessKey: instance.businessKey,
        fromStatus: before?.status ?? null,
        toStatus: instance.status,
        stepName: definition.steps[instance.stepIndex]?.name ?? null,
        error: error
          ? {
              code: error.code,
              message: error.message,
              retriable: error.retriable,
              details: error.details ? { ...error.details } : null,
            }
          : null,
        stateVersion: instance.stateVersion,
        transitionedAt: now,
        startedAt: instance.startedAt,
        stepExpectedBy: stepExpectedBy(definition, stateOf(instance), now),
      },
      { key: instance.id, correlationId: instance.id },
    );
  }
}

/** The instance once its command was written: pending on it, the history line decide wrote for it learning its id. */
function sent(instance: SagaInstance, commandId: string): SagaInstance {
  const history = [...instance.history];
  const last = history.length - 1;
  const line = history[last];
  if (line?.event === 'command-sent') history[last] = { ...line, commandId };
  return { ...instance, pendingCommandId: commandId, history };
}
