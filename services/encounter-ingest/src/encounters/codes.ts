import type { Location, ProcedureCodeSystem } from '@meridian/contracts';

const ICD10CM = /^([A-TV-Z][0-9][0-9A-Z])\.?([0-9A-Z]{1,4})?$/;

/** An ICD-10-CM code in its dotted form (`I214` -> `I21.4`), or undefined when it is not one. */
export function normalizeIcd10Cm(code: string): string | undefined {
  const match = ICD10CM.exec(code.trim().toUpperCase());
  if (!match) return undefined;
  return match[2] ? `${match[1]}.${match[2]}` : match[1];
}

/** The code system a procedure code's shape says, when the sender named none. */
export function procedureSystemOf(code: string): ProcedureCodeSystem {
  if (/^\d{4}[0-9FTU]$/.test(code)) return 'CPT';
  if (/^[A-V]\d{4}$/.test(code)) return 'HCPCS';
  if (/^[0-9A-HJ-NP-Z]{7}$/.test(code)) return 'ICD10PCS';
  return 'UNKNOWN';
}

/** A location from its parts; undefined without a unit (the bed board's key). */
export function toLocation(parts: {
  readonly unitId: string | undefined;
  readonly roomId: string | undefined;
  readonly bedId: string | undefined;
  readonly facilityId: string | undefined;
}): Location | undefined {
  if (!parts.unitId) return undefined;
  return {
    facilityId: parts.facilityId || null,
    unitId: parts.unitId,
    roomId: parts.roomId || null,
    bedId: parts.bedId || null,
  };
}
