// Money is exact: `Decimal` strings at the edges (Avro decimal(14,2), numeric(14,2) columns, HTTP
// answers), integer cents in code, never a float. Every amount of up to 13 integer digits is a
// safe JavaScript integer of cents.
import type { Decimal } from './contract.js';

const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Cents of a decimal string with at most 2 decimals ('2450.00', '85', '-3.5'), else undefined. */
export function parseCents(decimal: string): number | undefined {
  const match = DECIMAL.exec(decimal);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign && cents !== 0 ? -cents : cents;
}

/** Cents of a decimal string a contract or the database guarantees; a RangeError otherwise. */
export function toCents(decimal: string): number {
  const cents = parseCents(decimal);
  if (cents === undefined) throw new RangeError(`not a money amount: '${decimal}'`);
  return cents;
}

/** The decimal string of `cents`, always with 2 decimals: 245000 -> '2450.00', -5 -> '-0.05'. */
export function formatCents(cents: number): Decimal {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const digits = Math.abs(cents).toString().padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Sum of cents, checked to stay exact. */
export function sumCents(values: readonly number[]): number {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('money total out of range');
  return total;
}

/** `units` x `unitCents`, checked to stay exact. */
export function multiplyCents(unitCents: number, units: number): number {
  const amount = unitCents * units;
  if (!Number.isSafeInteger(amount)) throw new RangeError('money amount out of range');
  return amount;
}
