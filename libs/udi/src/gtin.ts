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
