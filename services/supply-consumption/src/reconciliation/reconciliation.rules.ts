// Which usages of an encounter its claim gets, as pure rules.
import type { ChargeableSupply } from '@meridian/contracts';
import { hours } from '@meridian/saga';
import type { SupplyUsage } from '../usage/supply-usage.entity.js';
import type { StoredSupplyLine } from './supply-reconciliation.entity.js';

/**
 * Usages documented up to a day before admission or after discharge belong to the encounter:
 * supplies used in the ED or pre-op before the admit order, and charting that catches up on the
 * discharge day, are common. Outside this window a usage is taken for another visit.
 */
export const DOCUMENTATION_GRACE_MS = hours(24);

export interface ReconciliationWindow {
  readonly start: Date;
  readonly end: Date;
}

/** [admittedAt − 24 h, dischargedAt + 24 h], both ends included. */
export function reconciliationWindow(admittedAt: Date, dischargedAt: Date): ReconciliationWindow {
  return {
    start: new Date(admittedAt.getTime() - DOCUMENTATION_GRACE_MS),
    end: new Date(dischargedAt.getTime() + DOCUMENTATION_GRACE_MS),
  };
}

type ChargeableUsage = SupplyUsage & { readonly chargeCode: string };

function isChargeable(usage: SupplyUsage): usage is ChargeableUsage {
  return usage.chargeable && usage.chargeCode !== null && usage.voidedAt === null;
}

/**
 * One line per chargeable, non-voided usage (per usage, so each claim line traces back to its
 * usageId), in order of use.
 */
export function chargeableLines(usages: readonly SupplyUsage[]): StoredSupplyLine[] {
  return usages
    .filter(isChargeable)
    .map((u) => ({
      usageId: u.usageId,
      itemId: u.itemId,
      chargeCode: u.chargeCode,
      hcpcsCode: u.hcpcsCode,
      quantity: u.quantity,
      unitOfMeasure: u.unitOfMeasure,
      usedAt: u.usedAt.toISOString(),
    }))
    .sort((a, b) => a.usedAt.localeCompare(b.usedAt) || a.usageId.localeCompare(b.usageId));
}

export function toChargeableSupply(line: StoredSupplyLine): ChargeableSupply {
  return { ...line, usedAt: new Date(line.usedAt) };
}
