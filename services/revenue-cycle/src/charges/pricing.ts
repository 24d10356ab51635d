// Pricing an encounter from the chargemaster (pure): room and board days, procedures and
// supplies become charge lines in integer cents, or a rejection naming what could not be priced.
import type { ChargeableSupply, PatientClass, ProcedureLine } from '@meridian/contracts';
import { localDate, multiplyCents, sumCents } from '@meridian/contracts';
import { midnightsBetween } from '../shared/facility-time.js';
import { procedureSystem } from '../shared/procedure-codes.js';

/** What pricing needs of a chargemaster row. */
export interface PriceEntry {
  readonly cdmCode: string;
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  readonly unitPriceCents: number;
}

/** The active chargemaster rows, by what an encounter references them with. */
export interface PriceLookup {
  roomAndBoard(unitId: string): PriceEntry | undefined;
  /** The PROCEDURE row of a CPT/HCPCS code. */
  procedure(code: string): PriceEntry | undefined;
  /** A SUPPLY or IMPLANT row by CDM code. */
  chargeCode(cdmCode: string): PriceEntry | undefined;
}

export interface PricedLine {
  readonly cdmCode: string;
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly amountCents: number;
  /** `YYYY-MM-DD`, the facility's date. */
  readonly serviceDate: string;
  readonly sourceReference: string | null;
}

export interface EncounterToPrice {
  readonly patientClass: PatientClass;
  readonly admittedAt: Date;
  readonly dischargedAt: Date;
  readonly unitId: string;
  readonly procedures: readonly ProcedureLine[];
  readonly supplies: readonly ChargeableSupply[];
}

/** Why an encounter cannot be priced: a reply failure code, message and details. */
export interface PricingRejection {
  readonly code: 'CHARGE_CODE_NOT_FOUND' | 'INVALID_CHARGE_INPUT';
  readonly message: string;
  readonly details: Readonly<Record<string, string>>;
}

export type Pricing =
  | { readonly ok: true; readonly lines: readonly PricedLine[]; readonly totalCents: number }
  | { readonly ok: false; readonly rejection: PricingRejection };

/**
 * Room and board days: the facility midnights between admission and discharge for inpatients, at
 * least 1 (discharged the day of admission); 0 for every other patient class (observation,
 * outpatient and emergency stays are not charged by the day).
 */
export function roomAndBoardDays(
  patientClass: PatientClass,
  admittedAt: Date,
  dischargedAt: Date,
  timeZone: string,
): number {
  if (patientClass !== 'INPATIENT') return 0;
  return Math.max(1, midnightsBetween(admittedAt, dischargedAt, timeZone));
}

/** One line of `quantity` units of `entry`. */
export function priceLine(
  entry: PriceEntry,
  quantity: number,
  serviceDate: string,
  sourceReference: string | null,
  cptHcpcsCode: string | null = entry.cptHcpcsCode,
): PricedLine {
  return {
    cdmCode: entry.cdmCode,
    revenueCode: entry.revenueCode,
    cptHcpcsCode,
    quantity,
    unitPriceCents: entry.unitPriceCents,
    amountCents: multiplyCents(entry.unitPriceCents, quantity),
    serviceDate,
    sourceReference,
  };
}

const isPositiveCount = (value: number): boolean => Number.isInteger(value) && value > 0;

function invalid(message: string, details: Record<string, string>): Pricing {
  return { ok: false, rejection: { code: 'INVALID_CHARGE_INPUT', message, details } };
}

/**
 * The charge lines of a discharged encounter: room and board (one line, days x the unit's rate,
 * dated the admission day), one unit per CPT/HCPCS procedure (ICD-10-PCS procedures are coded,
 * not charged) and supplies x quantity. Every unknown unit or code is named in one rejection.
 */
export function priceEncounter(
  encounter: EncounterToPrice,
  cdm: PriceLookup,
  timeZone: string,
): Pricing {
  if (encounter.dischargedAt.getTime() < encounter.admittedAt.getTime()) {
    return invalid('dischargedAt is before admittedAt', { field: 'dischargedAt' });
  }
  const badSupply = encounter.supplies.find((s) => !isPositiveCount(s.quantity));
  if (badSupply) {
    return invalid(`supply usage ${badSupply.usageId} has quantity ${badSupply.quantity}`, {
      field: 'supplies.quantity',
      usageId: badSupply.usageId,
    });
  }
  const lines: PricedLine[] = [];
  const missing = {
    unitId: new Set<string>(),
    procedureCodes: new Set<string>(),
    chargeCodes: new Set<string>(),
  };

  const days = roomAndBoardDays(
    encounter.patientClass,
    encounter.admittedAt,
    encounter.dischargedAt,
    timeZone,
  );
  if (days > 0) {
    const room = cdm.roomAndBoard(encounter.unitId);
    const from = localDate(encounter.admittedAt, timeZone);
    if (!room) missing.unitId.add(encounter.unitId);
    else lines.push(priceLine(room, days, from, `accommodation:${encounter.unitId}:${from}`));
  }
  for (const procedure of encounter.procedures) {
    if (procedureSystem(procedure.code, procedure.codeSystem) === 'ICD10PCS') continue;
    const entry = cdm.procedure(procedure.code);
    if (!entry) missing.procedureCodes.add(procedure.code);
    else {
      const date = localDate(procedure.performedAt, timeZone);
      lines.push(priceLine(entry, 1, date, procedure.procedureId));
    }
  }
  for (const supply of encounter.supplies) {
    const entry = cdm.chargeCode(supply.chargeCode);
    if (!entry) missing.chargeCodes.add(supply.chargeCode);
    else {
      const date = localDate(supply.usedAt, timeZone);
      const hcpcs = entry.cptHcpcsCode ?? supply.hcpcsCode;
      lines.push(priceLine(entry, supply.quantity, date, supply.usageId, hcpcs));
    }
  }

  const details = Object.fromEntries(
    Object.entries(missing)
      .filter(([, codes]) => codes.size > 0)
      .map(([key, codes]) => [key, [...codes].join(',')]),
  );
  if (Object.keys(details).length > 0) {
    const named = Object.entries(details).map(([key, codes]) => `${key} ${codes}`);
    return {
      ok: false,
      rejection: {
        code: 'CHARGE_CODE_NOT_FOUND',
        message: `no active chargemaster row for ${named.join('; ')}`,
        details,
      },
    };
  }
  return { ok: true, lines, totalCents: sumCents(lines.map((line) => line.amountCents)) };
}
