import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Payer } from './payer.entity.js';
import { writePayers } from './payers.store.js';
import type { PayerRecord } from './payers.store.js';

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
      const stored = await manager
        .getRepository(Payer)
        .find({ where: { payerId: In(ids) }, ...WITH_PLANS });
      const byId = new Map(stored.map((payer) => [payer.payerId, payer]));
      return { created, payers: ids.flatMap((id) => byId.get(id) ?? []) };
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
