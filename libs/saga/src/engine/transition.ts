import { randomUUID } from 'node:crypto';
import type { Topics } from '@meridian/contracts';
import { HumanTaskCreated, HumanTaskEscalated, SagaTransitioned } from '@meridian/contracts';
import type { Messaging } from '@meridian/messaging';
import { RetriableError } from '@meridian/messaging';
import type { EntityManager } from 'typeorm';
import { decide, type Effect, type SagaEvent } from '../decide.js';
import { revive } from './revive.js';
import {
  humanTaskOf,
  type CommandStep,
  type RegisteredSaga,
  type SagaData,
} from '../definition.js';
import type { SagaState } from '../state.js';
import { HumanTask } from '../store/human-task.entity.js';
import type { SagaInstance } from '../store/saga-instance.entity.js';
import { SagaTimer } from '../store/saga-timer.entity.js';

/** Another transaction advanced the instance first; the work is retried on fresh state. */
export class StaleSagaError extends RetriableError {
  constructor(sagaId: string) {
    super(`saga ${sagaId} changed concurrently; retrying on its new state`);
  }
}

const json = (value: unknown): string => JSON.stringify(value);

/** The id of the last forward command of a step: what its compensation undoes. */
function forwardCommandId(state: SagaState, stepName: string): string | null {
  const sent = state.history.findLast(
    (h) =>
      h.step === stepName && h.direction === 'forward' && h.event === 'command-sent' && h.commandId,
  );
  return sent?.commandId ?? null;
}

async function insertInstance(manager: EntityManager, row: SagaInstance): Promise<void> {
  await manager.query(
    `INSERT INTO saga_instance (id, saga_type, definition_version, business_key, dedupe_key, trigger_message_id,
       status, step_index, direction, attempt, data, pending_command_id, last_error, history, trace_context,
       state_version, started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)`,
    [
      row.id,
      row.sagaType,
      row.definitionVersion,
      row.businessKey,
      row.dedupeKey,
      row.triggerMessageId,
      row.status,
      row.stepIndex,
      row.direction,
      row.attempt,
      json(row.data),
      row.pendingCommandId,
      row.lastError && json(row.lastError),
      json(row.history),
      json(row.traceContext),
      row.stateVersion,
      row.startedAt,
    ],
  );
}

/** The optimistic check: the row must still be at the version this transition started from. */
async function updateInstance(
  manager: EntityManager,
  row: SagaInstance,
  expectedVersion: number,
): Promise<void> {
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [, count] = await manager.query<[unknown[], number]>(
    `UPDATE saga_instance SET status = $3, step_index = $4, direction = $5, attempt = $6, data = $7,
       pending_command_id = $8, last_error = $9, history = $10, state_version = $11, updated_at = now()
     WHERE id = $1 AND state_version = $2`,
    [
      row.id,
      expectedVersion,
      row.status,
      row.stepIndex,
      row.direction,
      row.attempt,
      json(row.data),
      row.pendingCommandId,
      row.lastError && json(row.lastError),
      json(row.history),
      row.stateVersion,
    ],
  );
  if (count !== 1) throw new StaleSagaError(row.id);
}

export function stateOf(instance: SagaInstance): SagaState {
  return {
    status: instance.status,
    stepIndex: instance.stepIndex,
    direction: instance.direction,
    attempt: instance.attempt,
    data: instance.data as SagaData,
    pendingCommandId: instance.pendingCommandId,
    lastError: instance.lastError,
    history: instance.history,
  };
}

/**
 * Applies one event to one instance inside the caller's transaction: decide, carry out the
 * effects (commands and lifecycle events through the outbox, timers and human tasks in their
 * tables), then save with an optimistic check on the state version.
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
    const isNew = options.isNew ?? false;
    const now = this.deps.now();
    const before = stateOf(instance);
    const decision = decide(definition, before, event, now);
    if (decision.ignored && options.quietIgnore) return instance;
    let state = decision.state;
    for (const effect of decision.effects)
      state = await this.carryOut(manager, definition, instance, state, effect, now);
    const next: SagaInstance = {
      ...instance,
      status: state.status,
      stepIndex: state.stepIndex,
      direction: state.direction,
      attempt: state.attempt,
      data: state.data,
      pendingCommandId: state.pendingCommandId,
      lastError: state.lastError,
      history: [...state.history],
      stateVersion: instance.stateVersion + 1,
      updatedAt: now,
    };
    await (isNew
      ? insertInstance(manager, next)
      : updateInstance(manager, next, instance.stateVersion));
    const moved =
      isNew ||
      before.status !== next.status ||
      before.stepIndex !== next.stepIndex ||
      before.direction !== next.direction;
    if (moved) await this.publishTransition(manager, definition, next, isNew ? null : before, now);
    return next;
  }

  private async carryOut(
    manager: EntityManager,
    definition: RegisteredSaga,
    instance: SagaInstance,
    state: SagaState,
    effect: Effect,
    now: Date,
  ): Promise<SagaState> {
    switch (effect.type) {
      case 'send': {
        const step = definition.steps[effect.stepIndex] as CommandStep<typeof state.data>;
        const invocation = effect.direction === 'forward' ? step.invoke : step.compensation;
        if (!invocation)
          throw new Error(`${definition.name}: step ${step.name} has no compensation`);
        const forward =
          effect.direction === 'compensation' ? forwardCommandId(state, step.name) : null;
        const body = {
          sagaId: instance.id,
          sagaType: definition.name,
          stepName: step.name,
          ...invocation.build(state.data, forward),
        };
        const messageId = await this.deps.messaging.outbox.publish(
          manager,
          invocation.topic,
          invocation.command,
          revive(invocation.command.schema, body) as never,
          { key: invocation.key(state.data), correlationId: instance.id },
        );
        // The history line decide wrote for this send learns the command's id.
        const history = [...state.history];
        const last = history.length - 1;
        const sent = history[last];
        if (sent?.event === 'command-sent') history[last] = { ...sent, commandId: messageId };
        return { ...state, pendingCommandId: messageId, history };
      }
      case 'schedule':
        await manager.insert(SagaTimer, {
          sagaId: instance.id,
          ...effect.timer,
          dueAt: new Date(now.getTime() + effect.dueInMs),
        });
        return state;
      case 'create-human-task': {
        const step = definition.steps[effect.stepIndex];
        const spec = humanTaskOf(step);
        if (!step || !spec)
          throw new Error(`${definition.name}: step ${step?.name} has no human task`);
        const task = {
          id: randomUUID(),
          sagaId: instance.id,
          stepName: step.name,
          taskType: spec.type,
          queue: spec.queue,
          status: 'OPEN' as const,
          dueAt: new Date(now.getTime() + spec.escalateAfterMs),
          input: null,
          completedAt: null,
        };
        await manager.insert(HumanTask, task);
        await this.deps.messaging.outbox.publish(
          manager,
          this.deps.lifecycle,
          HumanTaskCreated,
          {
            taskId: task.id,
            sagaId: instance.id,
            sagaType: definition.name,
            businessKey: instance.businessKey,
            stepName: step.name,
            taskType: spec.type,
            assigneeQueue: task.queue,
            dueAt: task.dueAt,
            subjectReference: instance.businessKey,
          },
          { key: instance.id, correlationId: instance.id },
        );
        return state;
      }
      case 'escalate-human-task': {
        const tasks = await manager.find(HumanTask, {
          where: { sagaId: instance.id, status: 'OPEN' },
        });
        for (const task of tasks) {
          await manager.update(HumanTask, { id: task.id }, { status: 'ESCALATED' });
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
              assigneeQueue: `${task.queue}.escalated`,
              previousAssigneeQueue: task.queue,
              dueAt: task.dueAt,
              escalatedAt: now,
            },
            { key: instance.id, correlationId: instance.id },
          );
        }
        return state;
      }
      case 'close-human-tasks':
        await manager
          .createQueryBuilder()
          .update(HumanTask)
          .set({ status: 'CANCELLED', completedAt: now })
          .where("saga_id = :id AND status IN ('OPEN', 'ESCALATED')", { id: instance.id })
          .execute();
        return state;
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
        error: error ? { ...error, details: null } : null,
        stateVersion: instance.stateVersion,
        transitionedAt: now,
        startedAt: instance.startedAt,
      },
      { key: instance.id, correlationId: instance.id },
    );
  }
}
