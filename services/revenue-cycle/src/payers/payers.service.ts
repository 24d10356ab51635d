import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Payer } from './payer.entity.js';
import { writePayers } from './payers.store.js';
import type { PayerRecord } from './payers.store.js';

/** What a claim is billed to: the payer and, when known, its plan. */
export interface Coverage {
  readonly payerId: string;
  readonly planId: string | null;
}

/** Why a claim's payer or plan is not one the payer master knows (PAYER_UNKNOWN). */
export interface UnknownCoverage {
  readonly message: string;
  readonly details: Readonly<Record<string, string>>;
}

/** The payer or plan of `coverage` that `payer` (its payer master row, or null) does not know. */
export function unknownCoverage(
  coverage: Coverage,
  payer: Payer | null,
): UnknownCoverage | undefined {
  const { payerId, planId } = coverage;
  if (!payer)
    return { message: `payer ${payerId} is not in the payer master`, details: { payerId } };
  if (planId !== null && !payer.plans.some((plan) => plan.planId === planId))
    return {
      message: `plan ${planId} is not a plan of payer ${payerId} in the payer master`,
      details: { payerId, planId },
    };
  return undefined;
}

const WITH_PLANS = { relations: { plans: true }, order: { plans: { planId: 'ASC' } } } as const;

/** The payer master: payers and their plans, imported over HTTP and looked up by claims. */
@Injectable()
export class PayersService {
  private readonly logger = new Logger(PayersService.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Creates or replaces the payers, plans included, in one transaction: all or nothing. */
  async write(payers: readonly PayerRecord[]): Promise<{ created: number; payers: Payer[] }> {
    const ids = payers.map((p) => p.payerId);
    const result = await this.dataSource.transaction(async (manager) => {
      const { created } = await writePayers(manager, payers);
      const stored = await Promise.all(ids.map((id) => this.find(manager, id)));
      return { created, payers: stored.filter((p): p is Payer => p !== null) };
    });
    this.logger.log({
      msg: 'payers written',
      payers: payers.length,
      plans: payers.reduce((sum, p) => sum + p.plans.length, 0),
      created: result.created,
      ...(payers.length === 1 ? { payerId: ids[0] } : {}),
    });
    return result;
  }

  list(): Promise<Payer[]> {
    return this.dataSource
      .getRepository(Payer)
      .find({ ...WITH_PLANS, order: { payerId: 'ASC', plans: { planId: 'ASC' } } });
  }

  async get(payerId: string): Promise<Payer> {
    const payer = await this.find(this.dataSource.manager, payerId);
    if (!payer) throw new NotFoundException(`payer ${payerId} is not in the payer master`);
    return payer;
  }

  /** The payer with its plans, in the caller's transaction; null when unknown. */
  find(manager: EntityManager, payerId: string): Promise<Payer | null> {
    return manager.getRepository(Payer).findOne({ where: { payerId }, ...WITH_PLANS });
  }
}
