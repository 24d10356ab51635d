// Money is integer cents in code, numeric(14,2) in PostgreSQL and a decimal string ('123.45') on
// the wire and in HTTP answers. Cents stay exact: every value up to 13 integer digits is a safe
// JavaScript integer.
import type { ValueTransformer } from 'typeorm';

const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** The cents of a decimal string, or undefined when it is not one (or has more than 2 decimals). */
export function toCents(decimal: string): number | undefined {
  const match = DECIMAL.exec(decimal);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign && cents !== 0 ? -cents : cents;
}

/** `12345` → `'123.45'`, `-5` → `'-0.05'`. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`${cents} is not a whole number of cents`);
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

/** A numeric(14,2) column read and written as integer cents. */
export const CENTS_COLUMN: ValueTransformer = {
  to: (cents: number | null | undefined) =>
    cents === null || cents === undefined ? cents : formatCents(cents),
  from: (value: string | null) => {
    if (value === null) return null;
    const cents = toCents(value);
    if (cents === undefined) throw new RangeError(`not an amount: ${value}`);
    return cents;
  },
};
