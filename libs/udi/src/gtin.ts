// GS1 Global Trade Item Numbers: the mod-10 check digit (GS1 General Specifications 7.9.1).

/**
 * The check digit of `first13` (the digits before it; any GS1 key body, 13 for a GTIN-14):
 * weights 3, 1, 3... from the right, then the distance of the sum to the next multiple of ten.
 */
export function gtinCheckDigit(first13: string): string {
  if (!/^\d+$/.test(first13)) throw new RangeError('a GS1 key body has digits only');
  let sum = 0;
  for (let i = 0; i < first13.length; i += 1) {
    const digit = Number(first13[first13.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Why a GTIN-14 is not one (digits, length, check digit naming the expected one), or null. */
export function gtin14Problem(gtin: string): string | null {
  if (!/^\d{14}$/.test(gtin)) return 'must have 14 digits';
  const expected = gtinCheckDigit(gtin.slice(0, 13));
  return gtin[13] === expected ? null : `has an invalid check digit (expected ${expected})`;
}

/** Lengths of the GTIN family: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14. */
const GTIN_LENGTHS = [8, 12, 13, 14] as const;

export type GtinResult =
  { readonly ok: true; readonly gtin: string } | { readonly ok: false; readonly message: string };

/**
 * A GTIN-8/12/13/14 as the 14-digit GTIN (left-padded with zeros), or why it is not one: the
 * wrong length, a non-digit, or a check digit that does not match (naming the expected one).
 */
export function normalizeGtin(raw: string): GtinResult {
  if (!/^\d+$/.test(raw)) return { ok: false, message: 'must contain digits only' };
  if (!(GTIN_LENGTHS as readonly number[]).includes(raw.length)) {
    return { ok: false, message: `must have ${GTIN_LENGTHS.join(', ')} digits` };
  }
  const gtin = raw.padStart(14, '0');
  const problem = gtin14Problem(gtin);
  return problem === null ? { ok: true, gtin } : { ok: false, message: problem };
}
