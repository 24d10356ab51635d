// Every query the saga engine makes, in one place: instances (with the optimistic check),
// timers, tasks. Each function runs in the caller's transaction (an EntityManager).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { RetriableError } from '@meridian/messaging';
import type { TaskAction, TimerRef } from '../state.js';
import { HumanTask } from './human-task.entity.js';
import type { SagaInstance } from './saga-instance.entity.js';

/** Another transaction advanced the instance first; the work is retried on fresh state. */
export class StaleSagaError extends RetriableError {
  constructor(sagaId: string) {
    super(`saga ${sagaId} changed concurrently; retrying on its new state`);
  }
}

const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** An instance row as PostgreSQL returns it (jsonb parsed, timestamptz as Date). */
interface InstanceRow {
  id: string;
  saga_type: string;
  definition_version: number;
  business_key: string;
  dedupe_key: string;
  trigger_message_id: string;
  status: SagaInstance['status'];
  step_index: number;
  direction: SagaInstance['direction'];
  attempt: number;
  data: SagaInstance['data'];
  pending_command_id: string | null;
  last_error: SagaInstance['lastError'];
  incident: SagaInstance['incident'];
  history: SagaInstance['history'];
  trace_context: SagaInstance['traceContext'];
  state_version: number;
  started_at: Date;
  updated_at: Date;
}

/**
 * The instance a transition reads, by plain SQL: every reply, timer and operator action reads
 * one, and TypeORM's find (query builder, metadata, hydration) cost more CPU than the query.
 */
async function selectInstance(
  manager: EntityManager,
  where: string,
  params: unknown[],
): Promise<SagaInstance | null> {
  const [row] = await manager.query<InstanceRow[]>(
    `SELECT id, saga_type, definition_version, business_key, dedupe_key, trigger_message_id, status,
       step_index, direction, attempt, data, pending_command_id, last_error, incident, history,
       trace_context, state_version, started_at, updated_at
     FROM saga_instance WHERE ${where} LIMIT 1`,
    params,
  );
  if (!row) return null;
  return {
    id: row.id,
    sagaType: row.saga_type,
    definitionVersion: row.definition_version,
    businessKey: row.business_key,
    dedupeKey: row.dedupe_key,
    triggerMessageId: row.trigger_message_id,
    status: row.status,
    stepIndex: row.step_index,
    direction: row.direction,
    attempt: row.attempt,
    data: row.data,
    pendingCommandId: row.pending_command_id,
    lastError: row.last_error,
    incident: row.incident,
    history: row.history,
    traceContext: row.trace_context,
    stateVersion: row.state_version,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
  };
}

export function findInstance(manager: EntityManager, id: string): Promise<SagaInstance | null> {
  return selectInstance(manager, 'id = $1', [id]);
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
  return selectInstance(manager, 'saga_type = $1 AND business_key = $2 ORDER BY started_at DESC', [
    sagaType,
    businessKey,
  ]);
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

/** A timer to arm with a transition: its identity and when it falls due. */
export interface ArmedTimer {
  readonly timer: TimerRef;
  readonly dueAt: Date;
}

/** The timers as the five arrays `unnest` reads them from (one statement arms them all). */
function timerArrays(timers: readonly ArmedTimer[]): unknown[] {
  return [
    timers.map((t) => t.timer.kind),
    timers.map((t) => t.timer.stepIndex),
    timers.map((t) => t.timer.direction),
    timers.map((t) => t.timer.attempt),
    timers.map((t) => t.dueAt),
  ];
}

/**
 * Arms timers (the parameters from `$from`). A timer of the same identity (a step retried after a
 * task resets its attempts) is re-armed rather than duplicated.
 */
const armTimers = (sagaId: string, from: number): string => `
  INSERT INTO saga_timer (saga_id, kind, step_index, direction, attempt, due_at)
  SELECT ${sagaId}, t.* FROM unnest($${from}::text[], $${from + 1}::int[], $${from + 2}::text[],
    $${from + 3}::int[], $${from + 4}::timestamptz[]) AS t
  ON CONFLICT (saga_id, kind, step_index, direction, attempt) DO UPDATE SET due_at = EXCLUDED.due_at`;

/** A new instance and the timers its first transition arms, in one statement. */
export async function insertInstance(
  manager: EntityManager,
  row: SagaInstance,
  timers: readonly ArmedTimer[],
): Promise<void> {
  await manager.query(
    `WITH saved AS (
       INSERT INTO saga_instance (id, saga_type, definition_version, business_key, dedupe_key,
         trigger_message_id, status, step_index, direction, attempt, data, pending_command_id,
         last_error, incident, history, trace_context, state_version, started_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
     ), armed AS (${armTimers('$1::uuid', 19)})
     SELECT 1`,
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
      ...timerArrays(timers),
    ],
  );
}

/**
 * Saves a transition in one statement: the instance with the optimistic check (the row must still
 * be at the version the transition started from), the timers it arms, and the removal of the
 * instance's timers set at any other position (step, direction, attempt): those could only fire
 * stale now. A timer the poller holds at this moment is left to it (SKIP LOCKED), so a reply never
 * waits on a timer transaction that waits on the reply's instance row.
 */
export async function updateInstance(
  manager: EntityManager,
  row: SagaInstance,
  expectedVersion: number,
  timers: readonly ArmedTimer[],
): Promise<void> {
  const [saved] = await manager.query<{ n: number }[]>(
    `WITH saved AS (
       UPDATE saga_instance SET status = $3, step_index = $4, direction = $5, attempt = $6, data = $7,
         pending_command_id = $8, last_error = $9, incident = $10, history = $11, state_version = $12,
         updated_at = now()
       WHERE id = $1 AND state_version = $2
       RETURNING id
     ), stale AS (
       DELETE FROM saga_timer WHERE id IN (
         SELECT id FROM saga_timer
         WHERE saga_id = $1 AND (step_index, direction, attempt) <> ($4, $5, $6)
           AND (kind, step_index, direction, attempt) NOT IN (
             SELECT * FROM unnest($13::text[], $14::int[], $15::text[], $16::int[]))
         FOR UPDATE SKIP LOCKED)
     ), armed AS (${armTimers('$1::uuid', 13)})
     SELECT count(*)::int AS n FROM saved`,
    [row.id, expectedVersion, ...stateColumns(row), row.stateVersion, ...timerArrays(timers)],
  );
  if (saved?.n !== 1) throw new StaleSagaError(row.id);
}

/** A due timer, locked by the transaction that took it. */
export interface DueTimer {
  readonly id: string;
  readonly sagaId: string;
  readonly timer: TimerRef;
}

interface DueTimerRow {
  id: string;
  saga_id: string;
  kind: TimerRef['kind'];
  step_index: number;
  direction: TimerRef['direction'];
  attempt: number;
}

/**
 * Up to `limit` due timers, oldest first, locked until the caller's transaction ends (SKIP LOCKED:
 * replicas take different ones). The caller fires them and deletes the ones it fired.
 */
export async function lockDueTimers(manager: EntityManager, limit: number): Promise<DueTimer[]> {
  const rows = await manager.query<DueTimerRow[]>(
    `SELECT id, saga_id, kind, step_index, direction, attempt FROM saga_timer
     WHERE due_at <= now() ORDER BY due_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    sagaId: r.saga_id,
    timer: { kind: r.kind, stepIndex: r.step_index, direction: r.direction, attempt: r.attempt },
  }));
}

export async function deleteTimers(manager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length > 0)
    await manager.query('DELETE FROM saga_timer WHERE id = ANY($1::bigint[])', [ids]);
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

/** What an escalation tells the lifecycle topic about each task it escalated. */
export type EscalatedTask = Pick<HumanTask, 'id' | 'taskType' | 'team' | 'dueAt'>;

/**
 * Marks every task a saga still waits on (OPEN or already ESCALATED) ESCALATED, in one statement,
 * and returns them.
 */
export async function escalateOpenTasks(
  manager: EntityManager,
  sagaId: string,
): Promise<EscalatedTask[]> {
  const rows = await manager.query<{ id: string; task_type: string; team: string; due_at: Date }[]>(
    `WITH escalated AS (
       UPDATE saga_human_task SET status = 'ESCALATED'
       WHERE saga_id = $1 AND status IN ('OPEN', 'ESCALATED')
       RETURNING id, task_type, team, due_at, created_at)
     SELECT id, task_type, team, due_at FROM escalated ORDER BY created_at, id`,
    [sagaId],
  );
  return rows.map((r) => ({ id: r.id, taskType: r.task_type, team: r.team, dueAt: r.due_at }));
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
