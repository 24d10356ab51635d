// ICD-10-CM diagnosis codes in their dotted form: a letter, a digit, a digit or letter (the
// category), then optionally a dot and 1 to 4 more characters, e.g. J18.9, I50.23, S72.001A.

const DOTTED = /^[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?$/;

/** U codes are reserved by WHO for emergency use; only U07.1 (COVID-19) is reportable. */
const REPORTABLE_U_CODES = new Set(['U07.1']);

/** The code as it is stored and billed: trimmed, upper case. */
export function normalizeIcd10Cm(code: string): string {
  return code.trim().toUpperCase();
}

/** Why a (normalized) code is not a reportable ICD-10-CM code, or undefined when it is one. */
export function icd10CmProblem(code: string): string | undefined {
  if (!DOTTED.test(code)) {
    return 'must be an ICD-10-CM code in dotted form (letter, digit, digit or letter, optional dot and up to 4 characters), e.g. I50.23';
  }
  if (code.startsWith('U') && !REPORTABLE_U_CODES.has(code)) {
    return 'is a reserved U code; only U07.1 may be reported';
  }
  return undefined;
}

export function isIcd10Cm(code: string): boolean {
  return icd10CmProblem(code) === undefined;
}
