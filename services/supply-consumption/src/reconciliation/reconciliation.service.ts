import { Injectable, Logger } from '@nestjs/common';
import type {
  ReconcileEncounterSupplies,
  ReconcileEncounterSuppliesReply,
  UnreconcileEncounterSupplies,
  UnreconcileEncounterSuppliesReply,
} from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { Between, In, IsNull } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { SupplyUsage } from '../usage/supply-usage.entity.js';
import {
  chargeableLines,
  reconciliationWindow,
  toChargeableSupply,
} from './reconciliation.rules.js';
import { SupplyReconciliation } from './supply-reconciliation.entity.js';

type ReconcileResult = ResultOf<ReconcileEncounterSuppliesReply>;
type UnreconcileResult = ResultOf<UnreconcileEncounterSuppliesReply>;

function resultOf(reconciliation: SupplyReconciliation): ReconcileResult {
  return {
    chargeableSupplies: reconciliation.lines.map(toChargeableSupply),
    usageCount: reconciliation.usageCount,
  };
}

/**
 * discharge-to-revenue step 2: the chargeable supplies of an encounter, once per saga, and its
 * compensation.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  /**
   * Reconciles the non-voided usages of the encounter in the documentation window: they are
   * marked with the saga (no longer voidable) and the chargeable ones become the reply's lines.
   * The answer is stored per saga, so a resent command gets the same lines. A later saga of the
   * same encounter (after a cancelled discharge) reconciles again and takes the usages over.
   */
  async reconcile(
    manager: EntityManager,
    command: ReconcileEncounterSupplies,
  ): Promise<ReconcileResult> {
    const { sagaId, encounterId } = command;
    const earlier = await this.reconciliationOf(manager, sagaId, encounterId);
    if (earlier) return resultOf(earlier);
    if (command.dischargedAt.getTime() < command.admittedAt.getTime()) {
      throw new CommandRejectedError(
        'INVALID_ENCOUNTER_PERIOD',
        `encounter ${encounterId}: dischargedAt is before admittedAt`,
        { details: { field: 'dischargedAt' } },
      );
    }
    const window = reconciliationWindow(command.admittedAt, command.dischargedAt);
    // Locked: a concurrent void either lands first (the usage drops out) or sees it reconciled.
    const usages = await manager.find(SupplyUsage, {
      where: { encounterId, voidedAt: IsNull(), usedAt: Between(window.start, window.end) },
      order: { usedAt: 'ASC', usageId: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const reconciliation = manager.create(SupplyReconciliation, {
      sagaId,
      stepName: command.stepName,
      encounterId,
      windowStart: window.start,
      windowEnd: window.end,
      usageCount: usages.length,
      lines: chargeableLines(usages),
    });
    await manager.insert(SupplyReconciliation, reconciliation);
    if (usages.length > 0) {
      await manager.update(
        SupplyUsage,
        { usageId: In(usages.map((u) => u.usageId)) },
        { reconciledSagaId: sagaId, reconciledAt: new Date() },
      );
    }
    this.logger.log({
      sagaId,
      encounterId,
      usageCount: usages.length,
      chargeableLines: reconciliation.lines.length,
      msg: 'encounter supplies reconciled',
    });
    return resultOf(reconciliation);
  }

  /**
   * Compensation of `reconcile`: un-marks the usages of the encounter this saga reconciled, so they
   * can be voided again and a later discharge of the encounter reconciles them anew. Usages a
   * later saga took over keep its mark. Idempotent: a resent command un-marks nothing and
   * succeeds; so does one for a saga that never reconciled. The stored answer stays, so a late
   * resend of the forward command gets the same lines (and marks nothing).
   */
  async unreconcile(
    manager: EntityManager,
    command: UnreconcileEncounterSupplies,
  ): Promise<UnreconcileResult> {
    const { sagaId, encounterId } = command;
    await this.reconciliationOf(manager, sagaId, encounterId);
    const { affected } = await manager.update(
      SupplyUsage,
      { encounterId, reconciledSagaId: sagaId },
      { reconciledSagaId: null, reconciledAt: null },
    );
    const unmarkedUsageCount = affected ?? 0;
    this.logger.log({
      sagaId,
      encounterId,
      unmarkedUsageCount,
      reason: command.reason,
      msg: 'encounter supplies unreconciled',
    });
    return { unmarkedUsageCount };
  }

  /** The saga's stored reconciliation, when it reconciled this encounter; rejected for another. */
  private async reconciliationOf(
    manager: EntityManager,
    sagaId: string,
    encounterId: string,
  ): Promise<SupplyReconciliation | null> {
    const reconciliation = await manager.findOneBy(SupplyReconciliation, { sagaId });
    if (reconciliation && reconciliation.encounterId !== encounterId) {
      throw new CommandRejectedError(
        'SAGA_ENCOUNTER_MISMATCH',
        `saga ${sagaId} reconciled encounter ${reconciliation.encounterId} before, not ${encounterId}`,
        { details: { reconciledEncounterId: reconciliation.encounterId } },
      );
    }
    return reconciliation;
  }
}
