import type { Topics } from '@meridian/contracts';
import { HumanTaskCreated, HumanTaskEscalated, SagaTransitioned } from '@meridian/contracts';
import type { Messaging } from '@meridian/messaging';
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
 * effects (commands and lifecycle events through the outbox, timers and tasks in their tables),
 * then save with an optimistic check on the state version.
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
    let state = decision.state;
    // Timers are saved with the instance, in one statement (decide arms them where it ends).
    const timers: ArmedTimer[] = [];
    for (const effect of decision.effects) {
      if (effect.type === 'schedule')
        timers.push({ timer: effect.timer, dueAt: new Date(now.getTime() + effect.dueInMs) });
      else state = await this.carryOut(manager, definition, instance, state, effect, now);
    }
    const next: SagaInstance = {
      ...instance,
      ...state,
      history: [...state.history],
      stateVersion: instance.stateVersion + 1,
      updatedAt: now,
    };
    await (options.isNew
      ? insertInstance(manager, next, timers)
      : updateInstance(manager, next, instance.stateVersion, timers));
    const moved =
      options.isNew ||
      before.status !== next.status ||
      before.stepIndex !== next.stepIndex ||
      before.direction !== next.direction;
    if (moved)
      await this.publishTransition(manager, definition, next, options.isNew ? null : before, now);
    return next;
  }

  private async carryOut(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    state: SagaState,
    effect: Exclude<Effect, { type: 'schedule' }>,
    now: Date,
  ): Promise<SagaState> {
    switch (effect.type) {
      case 'send':
        return this.send(manager, definition, instance, state, effect);
      case 'open-task':
        await this.openTask(manager, definition, instance, effect, now);
        return state;
      case 'escalate-tasks':
        await this.escalate(manager, definition, instance, now);
        return state;
      case 'close-tasks':
        await cancelOpenTasks(manager, instance.id, now);
        return state;
    }
  }

  /** The command through the outbox; the history line decide wrote for it learns its id. */
  private async send(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    state: SagaState,
    effect: Send,
  ): Promise<SagaState> {
    const { invocation } = effect;
    const step = definition.steps[effect.stepIndex];
    const body = {
      sagaId: instance.id,
      sagaType: definition.name,
      stepName: step?.name,
      ...(effect.compensates === null ? {} : { compensatedCommandMessageId: effect.compensates }),
      ...effect.body,
    };
    const messageId = await this.deps.messaging.outbox.publish(
      manager,
      invocation.topic,
      invocation.command,
      revive(invocation.command.schema, body) as never,
      { key: effect.key ?? instance.businessKey, correlationId: instance.id },
    );
    const history = [...state.history];
    const last = history.length - 1;
    const sent = history[last];
    if (sent?.event === 'command-sent') history[last] = { ...sent, commandId: messageId };
    return { ...state, pendingCommandId: messageId, history };
  }

  private async openTask(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    effect: Extract<Effect, { type: 'open-task' }>,
    now: Date,
  ): Promise<void> {
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
    await this.deps.messaging.outbox.publish(
      manager,
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
  ): Promise<void> {
    for (const task of await escalateOpenTasks(manager, instance.id)) {
      await this.deps.messaging.outbox.publish(
        manager,
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
      );
    }
  }

  private async publishTransition(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    before: SagaState | null,
    now: Date,
  ): Promise<void> {
    const error = instance.lastError;
    await this.deps.messaging.outbox.publish(
      manager,
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
