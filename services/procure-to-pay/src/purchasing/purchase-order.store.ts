// The PO rows the match reads and writes in the caller's transaction: the PO locked (the match and
// the arrival of its invoices go one at a time), and the MatchSupplierInvoice kept on it while it
// waits for a document.
import type { CommandRef } from '@meridian/saga';
import type { EntityManager } from 'typeorm';
import { PurchaseOrder } from './purchase-order.entities.js';
import type { MatchWaitingFor } from './purchase-order.entities.js';

export function lockPurchaseOrder(
  manager: EntityManager,
  poNumber: string,
): Promise<PurchaseOrder | null> {
  return manager.findOne(PurchaseOrder, {
    where: { poNumber },
    lock: { mode: 'pessimistic_write' },
  });
}

/** Keeps the command on the PO: the next document of `waitFor` answers it. */
export async function keepMatchCommand(
  manager: EntityManager,
  poNumber: string,
  ref: CommandRef,
  waitFor: MatchWaitingFor,
): Promise<void> {
  await manager.update(
    PurchaseOrder,
    { poNumber },
    {
      matchSagaId: ref.sagaId,
      matchStepName: ref.stepName,
      matchCommandMessageId: ref.commandMessageId,
      matchWaitingFor: waitFor,
    },
  );
}

/** The command kept on the PO, if any. */
export function keptMatchCommand(po: PurchaseOrder): CommandRef | null {
  return po.matchSagaId && po.matchStepName && po.matchCommandMessageId
    ? {
        sagaId: po.matchSagaId,
        stepName: po.matchStepName,
        commandMessageId: po.matchCommandMessageId,
      }
    : null;
}

/** Nothing waits on the PO any more (answered, or the PO cancelled). */
export async function releaseMatchCommand(manager: EntityManager, poNumber: string): Promise<void> {
  await manager.update(
    PurchaseOrder,
    { poNumber },
    { matchSagaId: null, matchStepName: null, matchCommandMessageId: null, matchWaitingFor: null },
  );
}
