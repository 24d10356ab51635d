// Writing payers, the one code path of the payer API and the seed migration: each payer is
// created or replaced whole (name, type and plans) in the caller's transaction. Plain SQL, no
// entity metadata, so the seed migration can run it too.
import type { EntityManager } from 'typeorm';
import type { PayerType } from './payer.entity.js';

export interface PayerPlanRecord {
  readonly planId: string;
  readonly name: string;
}

/** A payer as written: every column and all of its plans. */
export interface PayerRecord {
  readonly payerId: string;
  readonly name: string;
  readonly payerType: PayerType | null;
  readonly plans: readonly PayerPlanRecord[];
}

/**
 * Creates or replaces `payers` (by payer id, plans included: a plan not sent is removed) in the
 * caller's transaction, and answers how many did not exist before. The payers must have distinct
 * ids (the request validation sees to it); they are written in id order, so two concurrent writes
 * wait for each other instead of deadlocking.
 */
export async function writePayers(
  manager: EntityManager,
  payers: readonly PayerRecord[],
): Promise<{ readonly created: number }> {
  const sorted = [...payers].sort((a, b) => a.payerId.localeCompare(b.payerId));
  const ids = sorted.map((p) => p.payerId);
  // xmax = 0: no transaction has replaced the row version the upsert returns, so it inserted it;
  // an updated row's version carries this transaction's id in xmax.
  const inserted: { inserted: boolean }[] = await manager.query(
    `INSERT INTO payer (payer_id, name, payer_type, updated_at)
     SELECT id, name, type, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS p(id, name, type)
     ON CONFLICT (payer_id) DO UPDATE SET
       name = EXCLUDED.name, payer_type = EXCLUDED.payer_type, updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS inserted`,
    [ids, sorted.map((p) => p.name), sorted.map((p) => p.payerType)],
  );
  await manager.query('DELETE FROM payer_plan WHERE payer_id = ANY($1)', [ids]);
  const plans = sorted.flatMap((p) => p.plans.map((plan) => ({ payerId: p.payerId, ...plan })));
  if (plans.length > 0)
    await manager.query(
      `INSERT INTO payer_plan (payer_id, plan_id, name)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [plans.map((p) => p.payerId), plans.map((p) => p.planId), plans.map((p) => p.name)],
    );
  return { created: inserted.filter((row) => row.inserted).length };
}
