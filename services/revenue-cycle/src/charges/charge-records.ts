import { randomUUID } from 'node:crypto';
import type { ChargeLine } from '@meridian/contracts';
import { formatCents } from '@meridian/contracts';
import type { Charge, ChargeOrigin } from './charge.entity.js';
import type { PricedLine } from './pricing.js';

/** A new ACTIVE charge row of a priced line. */
export function newCharge(
  line: PricedLine,
  owner: {
    readonly encounterId: string;
    readonly sagaId: string;
    readonly origin: ChargeOrigin;
    readonly lineNumber: number;
  },
): Charge {
  return {
    chargeId: randomUUID(),
    ...owner,
    cdmCode: line.cdmCode,
    revenueCode: line.revenueCode,
    cptHcpcsCode: line.cptHcpcsCode,
    units: line.quantity,
    unitPrice: formatCents(line.unitPriceCents),
    amount: formatCents(line.amountCents),
    serviceDate: line.serviceDate,
    sourceReference: line.sourceReference,
    status: 'ACTIVE',
    createdAt: new Date(),
    reversedAt: null,
    reversalReason: null,
  };
}

/** A charge as events carry it. */
export function toChargeLine(charge: Charge): ChargeLine {
  return {
    chargeId: charge.chargeId,
    cdmCode: charge.cdmCode,
    revenueCode: charge.revenueCode,
    cptHcpcsCode: charge.cptHcpcsCode,
    modifiers: [],
    quantity: charge.units,
    unitPrice: charge.unitPrice,
    amount: charge.amount,
    serviceDate: charge.serviceDate,
    sourceReference: charge.sourceReference,
  };
}
