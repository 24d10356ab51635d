import type { SupplyUsageVoided, SupplyUsed } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import { CURRENCY } from '../items/items.service.js';
import type { UsageDto, UsageStatus } from './dto/usage.dto.js';
import type { SupplyUsage } from './supply-usage.entity.js';

export function usageStatus(usage: SupplyUsage): UsageStatus {
  if (usage.voidedAt) return 'VOIDED';
  return usage.reconciledSagaId ? 'RECONCILED' : 'RECORDED';
}

export function toUsageDto(usage: SupplyUsage, description: string): UsageDto {
  return {
    usageId: usage.usageId,
    encounterId: usage.encounterId,
    itemId: usage.itemId,
    description,
    gtin: usage.gtin,
    lotNumber: usage.lotNumber,
    serialNumber: usage.serialNumber,
    expirationDate: usage.expirationDate,
    quantity: usage.quantity,
    unitOfMeasure: usage.unitOfMeasure,
    chargeable: usage.chargeable,
    chargeCode: usage.chargeCode,
    hcpcsCode: usage.hcpcsCode,
    unitCost: usage.unitCost,
    unitId: usage.unitId,
    usedAt: usage.usedAt.toISOString(),
    recordedBy: usage.recordedBy,
    recordedAt: usage.recordedAt.toISOString(),
    status: usageStatus(usage),
    voidedAt: usage.voidedAt?.toISOString() ?? null,
    voidReason: usage.voidReason,
    reconciledSagaId: usage.reconciledSagaId,
  };
}

/** The SupplyUsed fact of a recorded usage (supply.usage.v1, keyed by encounter). */
export function supplyUsedDraft(usage: SupplyUsage): Draft<SupplyUsed> {
  return {
    usageId: usage.usageId,
    encounterId: usage.encounterId,
    itemId: usage.itemId,
    gtin: usage.gtin,
    lotNumber: usage.lotNumber,
    quantity: usage.quantity,
    unitOfMeasure: usage.unitOfMeasure,
    chargeable: usage.chargeable,
    chargeCode: usage.chargeCode,
    unitCost: usage.unitCost,
    currency: CURRENCY,
    usedAt: usage.usedAt,
    unitId: usage.unitId,
    costCenter: null,
  };
}

/** The SupplyUsageVoided fact of a voided usage (supply.usage.v1, keyed by encounter after its use). */
export function supplyUsageVoidedDraft(
  usage: SupplyUsage & { readonly voidedAt: Date; readonly voidReason: string },
): Draft<SupplyUsageVoided> {
  return {
    usageId: usage.usageId,
    encounterId: usage.encounterId,
    itemId: usage.itemId,
    quantity: usage.quantity,
    unitOfMeasure: usage.unitOfMeasure,
    reason: usage.voidReason,
    voidedAt: usage.voidedAt,
    voidedBy: usage.voidedBy,
  };
}
