import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface Percentiles {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
}

export interface StepSlo extends Percentiles {
  readonly stepName: string;
}

export interface SagaTypeSlo extends Percentiles {
  readonly sagaType: string;
  readonly steps: readonly StepSlo[];
}

interface PercentileRow {
  saga_type: string;
  name: string | null;
  n: string;
  p: (number | null)[] | null;
}

/** Rows of `(saga_type, name, n, p)`: the count and p50/p95/p99 of `ms` of each group. */
const PERCENTILES = `count(*) AS n, percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY ms) AS p`;

function percentiles(row: PercentileRow | undefined): Percentiles {
  const [p50, p95, p99] = row?.p ?? [];
  const round = (v: number | null | undefined): number | null => (v == null ? null : Math.round(v));
  return { count: Number(row?.n ?? 0), p50Ms: round(p50), p95Ms: round(p95), p99Ms: round(p99) };
}

/**
 * Saga and step durations of the transitions in a window: a saga type's percentiles are over the
 * sagas that finished in it (start to COMPLETED, COMPENSATED or FAILED), a step's over the times
 * sagas left that step in it.
 */
@Injectable()
export class SloService {
  constructor(private readonly dataSource: DataSource) {}

  async slo(windowMs: number, type: string | undefined, now = new Date()): Promise<SagaTypeSlo[]> {
    const args = [new Date(now.getTime() - windowMs), type ?? null];
    const sagas = await this.dataSource.query<PercentileRow[]>(
      `SELECT saga_type, NULL AS name, ${PERCENTILES}
       FROM (SELECT saga_type, saga_ms AS ms FROM saga_transition
             WHERE at >= $1 AND saga_ms IS NOT NULL AND ($2::text IS NULL OR saga_type = $2)) d
       GROUP BY saga_type`,
      args,
    );
    const steps = await this.dataSource.query<PercentileRow[]>(
      `SELECT saga_type, left_step AS name, ${PERCENTILES}
       FROM (SELECT saga_type, left_step, left_step_ms AS ms FROM saga_transition
             WHERE at >= $1 AND left_step IS NOT NULL AND ($2::text IS NULL OR saga_type = $2)) d
       GROUP BY saga_type, left_step ORDER BY saga_type, left_step`,
      args,
    );
    const types = [...new Set([...sagas, ...steps].map((r) => r.saga_type))].sort();
    return types.map((sagaType) => ({
      sagaType,
      ...percentiles(sagas.find((r) => r.saga_type === sagaType)),
      steps: steps
        .filter((r) => r.saga_type === sagaType)
        .map((r) => ({ stepName: r.name ?? '', ...percentiles(r) })),
    }));
  }
}
