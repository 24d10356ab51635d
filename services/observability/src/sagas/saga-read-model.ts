import type { HumanTaskCreated, HumanTaskEscalated, SagaTransitioned } from '@meridian/contracts';
import type { EntityManager } from 'typeorm';
import { transitionFacts } from './saga-transition.js';
import type { SagaRow, TransitionFacts } from './saga-transition.js';

/**
 * Applies a saga transition to the read model in the handler's transaction, in two statements
 * (the saga's row locked and read, then the writes): its timeline row (once per state version:
 * a duplicate is a no-op), the saga's current row when it is the newest,
 * and the closing of the saga's open human tasks that the transition moved past (the lifecycle has
 * no event of its own for a resolved task: a task is closed when its saga leaves the task's step
 * or stops waiting at it). Answers the facts, or null for a transition already applied.
 */
export async function applyTransition(
  manager: EntityManager,
  event: SagaTransitioned,
  traceId: string | null,
): Promise<TransitionFacts | null> {
  const [current] = await manager.query<
    { step_name: string | null; state_version: string; updated_at: Date; step_started_at: Date }[]
  >(
    'SELECT step_name, state_version, updated_at, step_started_at FROM saga WHERE saga_id = $1 FOR UPDATE',
    [event.sagaId],
  );
  const previous: SagaRow | null = current
    ? {
        stepName: current.step_name,
        stateVersion: Number(current.state_version),
        updatedAt: current.updated_at,
        stepStartedAt: current.step_started_at,
      }
    : null;
  const facts = transitionFacts(previous, event);
  // One statement: the timeline row, and only when it is new and the newest, the saga's row and
  // the closing of the human tasks the saga moved past.
  const [{ inserted } = { inserted: 0 }] = await manager.query<{ inserted: number }[]>(
    `WITH transition AS (
       INSERT INTO saga_transition (saga_id, state_version, saga_type, step_name, from_status,
         to_status, at, duration_ms, error, left_step, left_step_ms, saga_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT DO NOTHING RETURNING saga_id
     ), current AS (
       INSERT INTO saga (saga_id, saga_type, business_key, status, step_name, state_version,
         started_at, updated_at, step_started_at, step_expected_by, trace_id)
       SELECT saga_id, $3, $13::text, $6, $4, $2, $14::timestamptz, $7, $15::timestamptz,
              $16::timestamptz, $17::text
         FROM transition WHERE $18::boolean
       ON CONFLICT (saga_id) DO UPDATE SET status = EXCLUDED.status,
         step_name = EXCLUDED.step_name, state_version = EXCLUDED.state_version,
         updated_at = EXCLUDED.updated_at, step_started_at = EXCLUDED.step_started_at,
         step_expected_by = EXCLUDED.step_expected_by,
         trace_id = COALESCE(saga.trace_id, EXCLUDED.trace_id)
     ), closed AS (
       UPDATE human_task SET status = 'CLOSED', closed_at = $7
        WHERE $18::boolean AND EXISTS (SELECT 1 FROM transition)
          AND saga_id = $1 AND status = 'OPEN'
          AND ($6 <> 'WAITING' OR step_name IS DISTINCT FROM $4)
     )
     SELECT count(*)::int AS inserted FROM transition`,
    [
      event.sagaId,
      event.stateVersion,
      event.sagaType,
      event.stepName,
      event.fromStatus,
      event.toStatus,
      event.transitionedAt,
      facts.durationMs,
      event.error ? JSON.stringify(event.error) : null,
      facts.left?.step ?? null,
      facts.left?.ms ?? null,
      facts.sagaMs,
      event.businessKey,
      event.startedAt,
      facts.stepStartedAt,
      event.stepExpectedBy,
      traceId,
      facts.newest,
    ],
  );
  return inserted === 0 ? null : facts;
}

/** A new human task, OPEN (once per task id). */
export async function applyTaskCreated(
  manager: EntityManager,
  event: HumanTaskCreated,
): Promise<void> {
  await manager.query(
    `INSERT INTO human_task (task_id, saga_id, saga_type, step_name, task_type, team, reason_code,
       due_at, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', $9) ON CONFLICT DO NOTHING`,
    [
      event.taskId,
      event.sagaId,
      event.sagaType,
      event.stepName,
      event.taskType,
      event.team ?? event.assigneeQueue,
      event.reasonCode,
      event.dueAt,
      event.envelope.occurredAt,
    ],
  );
}

/** The task's escalation level and new due time (a task not seen yet is left to its creation). */
export async function applyTaskEscalated(
  manager: EntityManager,
  event: HumanTaskEscalated,
): Promise<void> {
  await manager.query(
    `UPDATE human_task SET escalation_level = GREATEST(escalation_level, $2), due_at = $3
     WHERE task_id = $1`,
    [event.taskId, event.escalationLevel, event.dueAt],
  );
}
