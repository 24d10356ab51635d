// Pricing an encounter from the chargemaster (pure): room and board days, procedures and
// supplies become charge lines in integer cents, or a rejection naming what could not be priced.
import type { ChargeableSupply, PatientClass, ProcedureLine } from '@meridian/contracts';
import { localDate, multiplyCents, procedureSystem, sumCents } from '@meridian/contracts';
import { midnightsBetween } from '../shared/facility-time.js';

/** What pricing needs of a chargemaster row. */
export interface PriceEntry {
  readonly cdmCode: string;
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  readonly unitPriceCents: number;
}

/** The active chargemaster rows at the encounter's facility, by what it references them with. */
export interface PriceLookup {
  roomAndBoard(unitId: string): PriceEntry | undefined;
  /** The PROCEDURE row of a CPT/HCPCS code. */
  procedure(code: string): PriceEntry | undefined;
  /** The SUPPLY or IMPLANT row of a supply usage: by its CDM code, or its item's at the facility. */
  chargeCode(cdmCode: string, itemId: string): PriceEntry | undefined;
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
  /** The facility of the unit, when the sender names one (multi-facility senders). */
  readonly facilityId: string | null;
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
 * CHARGE_CODE_NOT_FOUND, for the revenue-integrity person who adds the rows: `facilityId` when the
 * sender names the facility (a row of that facility or a network-wide one would do), `unitId` for
 * a missing room and board row, `procedureCodes` and `chargeCodes` for the others, and `kind`, the
 * kinds of the missing rows (`ROOM_AND_BOARD`, `PROCEDURE`, `SUPPLY`). Identifiers only: nothing
 * about the patient.
 */
function chargeCodesNotFound(
  encounter: EncounterToPrice,
  missing: {
    readonly unit: boolean;
    readonly procedureCodes: ReadonlySet<string>;
    readonly chargeCodes: ReadonlySet<string>;
  },
): PricingRejection {
  const { unitId, facilityId } = encounter;
  const details: Record<string, string> = facilityId === null ? {} : { facilityId };
  const at = facilityId === null ? '' : ` at facility ${facilityId}`;
  const kinds: string[] = [];
  const reasons: string[] = [];
  if (missing.unit) {
    details['unitId'] = unitId;
    kinds.push('ROOM_AND_BOARD');
    reasons.push(`no active room and board row in the chargemaster for unit ${unitId}${at}`);
  }
  if (missing.procedureCodes.size > 0) {
    const codes = [...missing.procedureCodes].join(',');
    details['procedureCodes'] = codes;
    kinds.push('PROCEDURE');
    reasons.push(`no active procedure row in the chargemaster for CPT/HCPCS ${codes}${at}`);
  }
  if (missing.chargeCodes.size > 0) {
    const codes = [...missing.chargeCodes].join(',');
    details['chargeCodes'] = codes;
    kinds.push('SUPPLY');
    reasons.push(`no active supply or implant row in the chargemaster for CDM ${codes}${at}`);
  }
  details['kind'] = kinds.join(',');
  return { code: 'CHARGE_CODE_NOT_FOUND', message: reasons.join('; '), details };
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
    unit: false,
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
    if (!room) missing.unit = true;
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
    const entry = cdm.chargeCode(supply.chargeCode, supply.itemId);
    if (!entry) missing.chargeCodes.add(supply.chargeCode);
    else {
      const date = localDate(supply.usedAt, timeZone);
      const hcpcs = entry.cptHcpcsCode ?? supply.hcpcsCode;
      lines.push(priceLine(entry, supply.quantity, date, supply.usageId, hcpcs));
    }
  }

  if (missing.unit || missing.procedureCodes.size > 0 || missing.chargeCodes.size > 0) {
    return { ok: false, rejection: chargeCodesNotFound(encounter, missing) };
  }
  return { ok: true, lines, totalCents: sumCents(lines.map((line) => line.amountCents)) };
}
