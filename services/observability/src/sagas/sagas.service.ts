import { Inject, Injectable } from '@nestjs/common';
import { ProblemException, SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { TERMINAL_STATUSES } from './saga-transition.js';

export interface SagaSummary {
  readonly sagaId: string;
  readonly sagaType: string;
  readonly businessKey: string;
  readonly status: string;
  readonly stepName: string | null;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly stepExpectedBy: Date | null;
  readonly traceId: string | null;
  readonly traceUrl: string | null;
}

export interface TimelineEntry {
  readonly stepName: string | null;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly at: Date;
  readonly durationMs: number | null;
  readonly error: unknown;
}

export interface TaskView {
  readonly taskId: string;
  readonly taskType: string;
  readonly team: string | null;
  readonly status: string;
  readonly reasonCode: string | null;
  readonly dueAt: Date;
  readonly escalated: boolean;
}

export interface SagaDetail extends SagaSummary {
  readonly timeline: readonly TimelineEntry[];
  readonly tasks: readonly TaskView[];
}

export interface SagaFilter {
  readonly businessKey?: string | undefined;
  readonly type?: string | undefined;
  readonly status?: string | undefined;
  readonly limit: number;
}

interface SagaRecord {
  saga_id: string;
  saga_type: string;
  business_key: string;
  status: string;
  step_name: string | null;
  started_at: Date;
  updated_at: Date;
  step_expected_by: Date | null;
  trace_id: string | null;
}

const SAGA_COLUMNS =
  'saga_id, saga_type, business_key, status, step_name, started_at, updated_at, step_expected_by, trace_id';
const UNFINISHED = `status NOT IN (${TERMINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`;
/** A saga past its step's expected time (the `/sagas/stuck` rule and the stuck gauge). */
const PAST_EXPECTED = `${UNFINISHED} AND step_expected_by < $1`;

/** Reads of the saga read model: lists, detail, stuck sagas and the gauges' counts. */
@Injectable()
export class SagasService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(filter: SagaFilter): Promise<SagaSummary[]> {
    const rows = await this.dataSource.query<SagaRecord[]>(
      `SELECT ${SAGA_COLUMNS} FROM saga
       WHERE ($1::text IS NULL OR business_key = $1) AND ($2::text IS NULL OR saga_type = $2)
         AND ($3::text IS NULL OR status = $3)
       ORDER BY updated_at DESC, saga_id LIMIT $4`,
      [filter.businessKey ?? null, filter.type ?? null, filter.status ?? null, filter.limit],
    );
    return rows.map((r) => this.summary(r));
  }

  /**
   * Unfinished sagas past their step's expected time whose last transition is older than
   * `olderThanMs`, longest past due first.
   */
  async stuck(
    olderThanMs: number,
    type: string | undefined,
    now = new Date(),
  ): Promise<SagaSummary[]> {
    const rows = await this.dataSource.query<SagaRecord[]>(
      `SELECT ${SAGA_COLUMNS} FROM saga
       WHERE ${PAST_EXPECTED} AND updated_at <= $2 AND ($3::text IS NULL OR saga_type = $3)
       ORDER BY step_expected_by, saga_id LIMIT 500`,
      [now, new Date(now.getTime() - olderThanMs), type ?? null],
    );
    return rows.map((r) => this.summary(r));
  }

  /** Per saga type and step of the unfinished sagas: how many are past their expected time. */
  async stuckCounts(
    now = new Date(),
  ): Promise<{ sagaType: string; step: string; count: number }[]> {
    const rows = await this.dataSource.query<{ saga_type: string; step: string; stuck: string }[]>(
      `SELECT saga_type, COALESCE(step_name, '') AS step,
         count(*) FILTER (WHERE step_expected_by < $1) AS stuck
       FROM saga WHERE ${UNFINISHED} GROUP BY 1, 2`,
      [now],
    );
    return rows.map((r) => ({ sagaType: r.saga_type, step: r.step, count: Number(r.stuck) }));
  }

  async openTasks(): Promise<{ team: string; count: number }[]> {
    const rows = await this.dataSource.query<{ team: string; n: string }[]>(
      `SELECT COALESCE(team, '') AS team, count(*) AS n FROM human_task WHERE status = 'OPEN' GROUP BY 1`,
    );
    return rows.map((r) => ({ team: r.team, count: Number(r.n) }));
  }

  /** The saga with its timeline and tasks; 404 when the read model has not seen it. */
  async detail(sagaId: string): Promise<SagaDetail> {
    const [row] = await this.dataSource.query<SagaRecord[]>(
      `SELECT ${SAGA_COLUMNS} FROM saga WHERE saga_id = $1`,
      [sagaId],
    );
    if (!row) throw new ProblemException(404, { detail: `saga ${sagaId} is not known here` });
    const timeline = await this.dataSource.query<
      {
        step_name: string | null;
        from_status: string | null;
        to_status: string;
        at: Date;
        duration_ms: string | null;
        error: unknown;
      }[]
    >(
      `SELECT step_name, from_status, to_status, at, duration_ms, error FROM saga_transition
       WHERE saga_id = $1 ORDER BY state_version`,
      [sagaId],
    );
    const tasks = await this.dataSource.query<
      {
        task_id: string;
        task_type: string;
        team: string | null;
        status: string;
        reason_code: string | null;
        due_at: Date;
        escalation_level: number;
      }[]
    >(
      `SELECT task_id, task_type, team, status, reason_code, due_at, escalation_level FROM human_task
       WHERE saga_id = $1 ORDER BY created_at, task_id`,
      [sagaId],
    );
    return {
      ...this.summary(row),
      timeline: timeline.map((t) => ({
        stepName: t.step_name,
        fromStatus: t.from_status,
        toStatus: t.to_status,
        at: t.at,
        durationMs: t.duration_ms === null ? null : Number(t.duration_ms),
        error: t.error,
      })),
      tasks: tasks.map((t) => ({
        taskId: t.task_id,
        taskType: t.task_type,
        team: t.team,
        status: t.status,
        reasonCode: t.reason_code,
        dueAt: t.due_at,
        escalated: t.escalation_level > 0,
      })),
    };
  }

  private summary(row: SagaRecord): SagaSummary {
    const { jaegerUrl } = this.config;
    return {
      sagaId: row.saga_id,
      sagaType: row.saga_type,
      businessKey: row.business_key,
      status: row.status,
      stepName: row.step_name,
      startedAt: row.started_at,
      updatedAt: row.updated_at,
      stepExpectedBy: row.step_expected_by,
      traceId: row.trace_id,
      traceUrl: row.trace_id && jaegerUrl ? `${jaegerUrl}/trace/${row.trace_id}` : null,
    };
  }
}
