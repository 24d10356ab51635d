import type { ImplantUsageReversed, ImplantUsed, Udi } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import type { ImplantUsage, StoredRecallOverride } from './implant-usage.entity.js';

/** An implant usage as the API answers it. */
export interface ImplantUsageView {
  readonly usageId: string;
  readonly encounterId: string;
  readonly status: string;
  readonly udi: Udi;
  readonly itemId: string | null;
  readonly supplierId: string | null;
  readonly consignment: boolean;
  readonly quantity: number;
  readonly unitId: string | null;
  readonly implantingSurgeonNpi: string;
  readonly procedureRef: string | null;
  readonly usedAt: string;
  readonly source: string;
  readonly sourceReference: string | null;
  readonly recallOverride: StoredRecallOverride | null;
  readonly stockDecremented: boolean;
  readonly sagaId: string | null;
  readonly reversalReason: string | null;
  readonly reversalNote: string | null;
  readonly reversedAt: string | null;
  readonly createdAt: string;
}

export function udiOf(usage: ImplantUsage): Udi {
  return {
    issuingAgency: usage.issuingAgency,
    deviceIdentifier: usage.deviceIdentifier,
    lotNumber: usage.lotNumber,
    serialNumber: usage.serialNumber,
    expirationDate: usage.expirationDate,
    manufactureDate: usage.manufactureDate,
  };
}

export function toImplantUsageView(usage: ImplantUsage): ImplantUsageView {
  return {
    usageId: usage.usageId,
    encounterId: usage.encounterId,
    status: usage.status,
    udi: udiOf(usage),
    itemId: usage.itemId,
    supplierId: usage.supplierId,
    consignment: usage.consignment,
    quantity: usage.quantity,
    unitId: usage.unitId,
    implantingSurgeonNpi: usage.implantingSurgeonNpi,
    procedureRef: usage.procedureRef,
    usedAt: usage.usedAt.toISOString(),
    source: usage.source,
    sourceReference: usage.sourceReference,
    recallOverride: usage.recallOverride,
    stockDecremented: usage.stockDecremented,
    sagaId: usage.sagaId,
    reversalReason: usage.reversalReason,
    reversalNote: usage.reversalNote,
    reversedAt: usage.reversedAt?.toISOString() ?? null,
    createdAt: usage.createdAt.toISOString(),
  };
}

/**
 * The key of a device's events on supply.usage.v1 (topics.json): its serial number, else
 * `<deviceIdentifier>:<lot>`, else the device identifier; every event of one physical device
 * stays in order.
 */
export function deviceKey(
  usage: Pick<ImplantUsage, 'deviceIdentifier' | 'lotNumber' | 'serialNumber'>,
): string {
  if (usage.serialNumber !== null) return usage.serialNumber;
  return usage.lotNumber === null
    ? usage.deviceIdentifier
    : `${usage.deviceIdentifier}:${usage.lotNumber}`;
}

/** The ImplantUsed fact of a captured usage: starts the implant-to-invoice saga. */
export function implantUsedDraft(usage: ImplantUsage): Draft<ImplantUsed> {
  const override = usage.recallOverride;
  return {
    usageId: usage.usageId,
    encounterId: usage.encounterId,
    udi: udiOf(usage),
    itemId: usage.itemId,
    procedureRef: usage.procedureRef,
    implantingSurgeonNpi: usage.implantingSurgeonNpi,
    usedAt: usage.usedAt,
    supplierId: usage.supplierId,
    consignment: usage.consignment,
    quantity: usage.quantity,
    unitId: usage.unitId,
    source: usage.source,
    sourceReference: usage.sourceReference,
    recallOverride:
      override === null ? null : { ...override, overriddenAt: new Date(override.overriddenAt) },
  };
}

/** The ImplantUsageReversed fact of a reversal a user asked for. */
export function implantUsageReversedDraft(
  usage: ImplantUsage & {
    readonly reversalReason: NonNullable<ImplantUsage['reversalReason']>;
    readonly reversedAt: Date;
  },
): Draft<ImplantUsageReversed> {
  return {
    usageId: usage.usageId,
    encounterId: usage.encounterId,
    udi: udiOf(usage),
    reason: usage.reversalReason,
    reversedAt: usage.reversedAt,
    sagaId: null,
  };
}
