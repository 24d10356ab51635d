// The clinical and billing code sets every service reads the same way, each checked against the
// standard that defines it: NPI (CMS), CPT (AMA), HCPCS Level II (CMS), ICD-10-CM (CDC/NCHS),
// ICD-10-PCS (CMS) and UB-04 revenue codes (NUBC). Formats only: whether a code is in this year's
// code set is the chargemaster's and the coder's business.
import type { ProcedureCodeSystem } from '../generated/index.js';

/**
 * A National Provider Identifier: 10 digits whose last is the Luhn check digit of the first nine
 * prefixed with 80840 (the health-industry card issuer prefix), as CMS specifies the NPI check
 * digit.
 */
export function isNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = `80840${value}`.split('').map(Number).reverse();
  const sum = digits.reduce((total, digit, index) => {
    if (index % 2 === 0) return total + digit;
    const doubled = digit * 2;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

/**
 * CPT (AMA): 5 characters, 4 digits then a digit (Category I, 71046), `F` (Category II, 0001F),
 * `T` (Category III, 0042T), `U` (Proprietary Laboratory Analyses, 0001U) or `M` (administrative
 * MAAA codes of Appendix O, 0002M).
 */
export const CPT_PATTERN = /^\d{4}[0-9FMTU]$/;

/**
 * HCPCS Level II (CMS): a section letter and 4 digits (C1776, J1650, L8699). The sections run from
 * A to V; no Level II code starts with F, I, N or O, and W to Z were the retired local codes.
 */
export const HCPCS_PATTERN = /^[A-EG-HJ-MP-V]\d{4}$/;

/** ICD-10-PCS (CMS): 7 characters, digits and letters without I and O (0SRD0J9). */
export const ICD10PCS_PATTERN = /^[0-9A-HJ-NP-Z]{7}$/;

/** The code systems a procedure is billed or coded in. */
export type KnownProcedureSystem = Exclude<ProcedureCodeSystem, 'UNKNOWN'>;

/** In the order a code's shape is tried; the formats do not overlap. */
export const PROCEDURE_SYSTEMS = [
  'CPT',
  'HCPCS',
  'ICD10PCS',
] as const satisfies readonly KnownProcedureSystem[];

const PROCEDURE_FORMATS: Readonly<Record<KnownProcedureSystem, RegExp>> = {
  CPT: CPT_PATTERN,
  HCPCS: HCPCS_PATTERN,
  ICD10PCS: ICD10PCS_PATTERN,
};

/** Whether `code` (upper case) has the format of `system`. */
export function isProcedureCode(code: string, system: KnownProcedureSystem): boolean {
  return PROCEDURE_FORMATS[system].test(code);
}

/** The code system whose format `code` has; undefined when none has it. */
export function procedureSystemOf(code: string): KnownProcedureSystem | undefined {
  return PROCEDURE_SYSTEMS.find((system) => isProcedureCode(code, system));
}

/** The system the sender declared, or for UNKNOWN the one the code's format says. */
export function procedureSystem(
  code: string,
  declared: ProcedureCodeSystem,
): KnownProcedureSystem | undefined {
  return declared === 'UNKNOWN' ? procedureSystemOf(code) : declared;
}

/**
 * ICD-10-CM (CDC/NCHS): a letter, a digit, a digit or letter (the category), then up to 4 letters
 * or digits; the dot after the category is presentation (claims and the code files carry none),
 * so a code is read with or without it and kept in its dotted form.
 */
const ICD10CM = /^([A-Z][0-9][0-9A-Z])(?:\.?([0-9A-Z]{1,4}))?$/;

/**
 * Chapter 22 (U00-U85) is reserved by WHO for provisional codes; ICD-10-CM uses only these:
 * U07.0 vaping-related disorder, U07.1 COVID-19, U09.9 post COVID-19 condition.
 */
const ICD10CM_U_CODES: ReadonlySet<string> = new Set(['U07.0', 'U07.1', 'U09.9']);

export const ICD10CM_MESSAGE =
  'must be an ICD-10-CM code: a letter, a digit, a digit or letter, then up to 4 letters or digits, with or without the dot (I50.23, S72001A)';

/** An ICD-10-CM code read: the code in its stored form, or why it is not one. */
export type Icd10CmReading =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly problem: string };

/**
 * An ICD-10-CM code as it is stored and billed: trimmed, upper case, dotted after the category
 * (`i214` -> `I21.4`, `S72001A` -> `S72.001A`, `E11` -> `E11`).
 */
export function readIcd10Cm(raw: string): Icd10CmReading {
  const [, category, subcategory] = ICD10CM.exec(raw.trim().toUpperCase()) ?? [];
  if (!category) return { ok: false, problem: ICD10CM_MESSAGE };
  const code = subcategory ? `${category}.${subcategory}` : category;
  if (code.startsWith('U') && !ICD10CM_U_CODES.has(code)) {
    const used = [...ICD10CM_U_CODES].join(', ');
    return { ok: false, problem: `is a reserved U code; ICD-10-CM uses only ${used}` };
  }
  return { ok: true, code };
}

/** The stored form of an ICD-10-CM code ({@link readIcd10Cm}); undefined when it is not one. */
export function normalizeIcd10Cm(raw: string): string | undefined {
  const reading = readIcd10Cm(raw);
  return reading.ok ? reading.code : undefined;
}

/**
 * A UB-04 revenue code (NUBC, form locator 42): 4 digits, 0001 to 0999 with the leading zero, and
 * the NUBC series 100X (behavioral health accommodations), 210X (alternative therapy) and 310X
 * (adult care).
 */
export const REVENUE_CODE_PATTERN = /^(?:0\d{3}|100\d|210\d|310\d)$/;

/** A revenue code family, the first three digits of a revenue code (012 for 012X). */
export const REVENUE_CODE_FAMILY_PATTERN = /^(?:0\d{2}|100|210|310)$/;

export function isRevenueCode(code: string): boolean {
  return REVENUE_CODE_PATTERN.test(code);
}
