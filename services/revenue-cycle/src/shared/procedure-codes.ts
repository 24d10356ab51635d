import type { ProcedureCodeSystem } from '@meridian/contracts';

/** The code systems a procedure is billed or coded in. */
export type KnownProcedureSystem = Exclude<ProcedureCodeSystem, 'UNKNOWN'>;

export const PROCEDURE_SYSTEMS = [
  'CPT',
  'HCPCS',
  'ICD10PCS',
] as const satisfies readonly KnownProcedureSystem[];

const FORMATS: Readonly<Record<KnownProcedureSystem, RegExp>> = {
  // CPT: 5 digits; category II/III codes end in F or T (e.g. 0001F, 0042T).
  CPT: /^\d{4}[0-9FT]$/,
  // HCPCS Level II: a letter A-V and 4 digits (C1776, J1650).
  HCPCS: /^[A-V]\d{4}$/,
  // ICD-10-PCS: 7 characters, digits and letters without I and O (0SRD0J9).
  ICD10PCS: /^[0-9A-HJ-NP-Z]{7}$/,
};

/** Whether `code` has the format of `system`. */
export function isProcedureCode(code: string, system: KnownProcedureSystem): boolean {
  return FORMATS[system].test(code);
}

/**
 * The code system of a procedure: the one the sender declared, or for UNKNOWN the one whose format
 * the code has; undefined when neither says.
 */
export function procedureSystem(
  code: string,
  declared: ProcedureCodeSystem,
): KnownProcedureSystem | undefined {
  if (declared !== 'UNKNOWN') return declared;
  return PROCEDURE_SYSTEMS.find((system) => isProcedureCode(code, system));
}
