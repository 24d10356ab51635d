// Every query the saga engine makes, in one place: instances (with the optimistic check),
// timers, tasks. Each function runs in the caller's transaction (an EntityManager).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RetriableError } from '@meridian/messaging';
import type { TaskAction, TimerRef } from '../state.js';
import { HumanTask } from './human-task.entity.js';
import { SagaInstance } from './saga-instance.entity.js';

/** Another transaction advanced the instance first; the work is retried on fresh state. */
export class StaleSagaError extends RetriableError {
  constructor(sagaId: string) {
    super(`saga ${sagaId} changed concurrently; retrying on its new state`);
  }
}

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

export function findInstance(manager: EntityManager, id: string): Promise<SagaInstance | null> {
  return manager.findOne(SagaInstance, { where: { id } });
}

/** The live (not compensated) instance holding a start key, if any. */
export async function liveInstanceId(
  manager: EntityManager,
  sagaType: string,
  dedupeKey: string,
): Promise<string | null> {
  const rows = await manager.query<{ id: string }[]>(
    "SELECT id FROM saga_instance WHERE saga_type = $1 AND dedupe_key = $2 AND status <> 'COMPENSATED'",
    [sagaType, dedupeKey],
  );
  return rows[0]?.id ?? null;
}

/** The newest instance of a business key: what a cancellation message cancels. */
export function latestInstance(
  manager: EntityManager,
  sagaType: string,
  businessKey: string,
): Promise<SagaInstance | null> {
  return manager.findOne(SagaInstance, {
    where: { sagaType, businessKey },
    order: { startedAt: 'DESC' },
  });
}

/** The columns a transition changes, in the order both statements below list them. */
function stateColumns(row: SagaInstance): unknown[] {
  return [
    row.status,
    row.stepIndex,
    row.direction,
    row.attempt,
    json(row.data),
    row.pendingCommandId,
    json(row.lastError),
    json(row.incident),
    json(row.history),
  ];
}

export async function insertInstance(manager: EntityManager, row: SagaInstance): Promise<void> {
  await manager.query(
    `INSERT INTO saga_instance (id, saga_type, definition_version, business_key, dedupe_key, trigger_message_id,
       status, step_index, direction, attempt, data, pending_command_id, last_error, incident, history,
       trace_context, state_version, started_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
    [
      row.id,
      row.sagaType,
      row.definitionVersion,
      row.businessKey,
      row.dedupeKey,
      row.triggerMessageId,
      ...stateColumns(row),
      json(row.traceContext),
      row.stateVersion,
      row.startedAt,
    ],
  );
}

/** The optimistic check: the row must still be at the version this transition started from. */
export async function updateInstance(
  manager: EntityManager,
  row: SagaInstance,
  expectedVersion: number,
): Promise<void> {
  // TypeORM answers an UPDATE with [rows, rowCount].
  const [, count] = await manager.query<[unknown[], number]>(
    `UPDATE saga_instance SET status = $3, step_index = $4, direction = $5, attempt = $6, data = $7,
       pending_command_id = $8, last_error = $9, incident = $10, history = $11, state_version = $12,
       updated_at = now()
     WHERE id = $1 AND state_version = $2`,
    [row.id, expectedVersion, ...stateColumns(row), row.stateVersion],
  );
  if (count !== 1) throw new StaleSagaError(row.id);
}

/**
 * Arms a durable timer. A timer of the same identity (a step retried after a task resets its
 * attempts) is re-armed rather than duplicated.
 */
export async function armTimer(
  manager: EntityManager,
  sagaId: string,
  timer: TimerRef,
  dueAt: Date,
): Promise<void> {
  await manager.query(
    `INSERT INTO saga_timer (saga_id, kind, step_index, direction, attempt, due_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (saga_id, kind, step_index, direction, attempt) DO UPDATE SET due_at = EXCLUDED.due_at`,
    [sagaId, timer.kind, timer.stepIndex, timer.direction, timer.attempt, dueAt],
  );
}

interface DueTimerRow {
  saga_id: string;
  kind: TimerRef['kind'];
  step_index: number;
  direction: TimerRef['direction'];
  attempt: number;
}

/**
 * Takes one due timer out of the table (locked with SKIP LOCKED, so replicas share the work);
 * the caller fires it in the same transaction.
 */
export async function takeDueTimer(
  manager: EntityManager,
): Promise<{ sagaId: string; timer: TimerRef } | null> {
  const [due] = await manager.query<(DueTimerRow & { id: string })[]>(
    `SELECT id, saga_id, kind, step_index, direction, attempt FROM saga_timer
     WHERE due_at <= now() ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  if (!due) return null;
  await manager.query('DELETE FROM saga_timer WHERE id = $1', [due.id]);
  const timer = {
    kind: due.kind,
    stepIndex: due.step_index,
    direction: due.direction,
    attempt: due.attempt,
  };
  return { sagaId: due.saga_id, timer };
}

export type NewTask = Pick<
  HumanTask,
  | 'sagaId'
  | 'sagaType'
  | 'stepName'
  | 'taskType'
  | 'team'
  | 'reasonCode'
  | 'reason'
  | 'details'
  | 'dueAt'
>;

export async function insertTask(manager: EntityManager, task: NewTask): Promise<HumanTask> {
  const row: HumanTask = {
    ...task,
    id: randomUUID(),
    status: 'OPEN',
    input: null,
    action: null,
    note: null,
    createdAt: new Date(),
    completedAt: null,
  };
  await manager.save(HumanTask, row);
  return row;
}

export function openTasks(manager: EntityManager, sagaId: string): Promise<HumanTask[]> {
  return manager.find(HumanTask, {
    where: [
      { sagaId, status: 'OPEN' },
      { sagaId, status: 'ESCALATED' },
    ],
  });
}

export async function markEscalated(manager: EntityManager, taskId: string): Promise<void> {
  await manager.update(HumanTask, { id: taskId }, { status: 'ESCALATED' });
}

/** Cancels what a saga still waits on people for (it is compensating now). */
export async function cancelOpenTasks(
  manager: EntityManager,
  sagaId: string,
  now: Date,
): Promise<void> {
  await manager.query(
    "UPDATE saga_human_task SET status = 'CANCELLED', completed_at = $2 WHERE saga_id = $1 AND status IN ('OPEN', 'ESCALATED')",
    [sagaId, now],
  );
}

export function findTask(manager: EntityManager, id: string): Promise<HumanTask | null> {
  return manager.findOne(HumanTask, { where: { id } });
}

export async function completeTask(
  manager: EntityManager,
  id: string,
  decision: {
    action: TaskAction | null;
    note: string | null;
    input: Readonly<Record<string, unknown>>;
  },
): Promise<void> {
  await manager.query(
    "UPDATE saga_human_task SET status = 'COMPLETED', completed_at = now(), input = $2, action = $3, note = $4 WHERE id = $1",
    [id, JSON.stringify(decision.input), decision.action, decision.note],
  );
}
