// GS1 Global Trade Item Numbers: the mod-10 check digit and the GTIN-14 form the item master keys on.

/** Lengths of the GTIN family: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13), GTIN-14. */
const GTIN_LENGTHS = [8, 12, 13, 14] as const;

export type GtinResult =
  { readonly ok: true; readonly gtin: string } | { readonly ok: false; readonly message: string };

/**
 * The check digit of `body` (the digits before it): weights 3, 1, 3... from the right, then the
 * distance of the sum to the next multiple of ten (GS1 General Specifications 7.9.1).
 */
export function gtinCheckDigit(body: string): number {
  if (!/^\d+$/.test(body)) throw new Error('a GTIN body has digits only');
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

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
  const expected = gtinCheckDigit(gtin.slice(0, 13));
  if (Number(gtin[13]) !== expected) {
    return { ok: false, message: `has an invalid check digit (expected ${expected})` };
  }
  return { ok: true, gtin };
}
