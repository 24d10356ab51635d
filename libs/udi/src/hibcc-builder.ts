// HIBC LIC symbols for tests, demo feeders and benchmarks: the primary alone, primary and secondary
// concatenated, or the split pair tied by the link character; check characters computed.
import { readIsoDate, two } from './dates.js';
import { hibccCheckCharacter, PRIMARY } from './hibcc.js';
import { LOT_OR_SERIAL } from './hibcc-secondary.js';

export interface HibccUdiInput {
  /** Labeler Identification Code: 4 letters or digits, the first a letter. */
  readonly labeler: string;
  /** Labeler's product or catalog number: 1 to 18 letters or digits. */
  readonly product: string;
  /** 0 (unit of use) to 9; default 0. */
  readonly unitOfMeasure?: number;
  /** Up to 18 letters, digits, - or . each; a serial beside a lot is written as /S. */
  readonly lot?: string;
  readonly serial?: string;
  /** `YYYY-MM-DD`, written as `$$3` YYMMDD. */
  readonly expiry?: string;
  /** `YYYY-MM-DD`, written as the supplementary field /16D YYYYMMDD. */
  readonly manufactured?: string;
}

function primaryOf(u: HibccUdiInput): string {
  const unit = u.unitOfMeasure ?? 0;
  if (!Number.isInteger(unit) || unit < 0 || unit > 9) {
    throw new RangeError('unitOfMeasure is 0 to 9');
  }
  const primary = `${u.labeler}${u.product}${unit}`;
  if (!/^[A-Z][A-Z0-9]{3}$/.test(u.labeler) || !PRIMARY.test(primary)) {
    throw new RangeError('labeler is 4 letters or digits (the first a letter), product 1 to 18');
  }
  return `+${primary}`;
}

/** The secondary data (without `+`, link and check character), or null when there is none. */
function secondaryOf(u: HibccUdiInput): string | null {
  for (const [field, value] of [
    ['lot', u.lot],
    ['serial', u.serial],
  ] as const) {
    if (value !== undefined && (value === '' || !LOT_OR_SERIAL.test(value))) {
      throw new RangeError(`${field} is 1 to 18 letters, digits, - or .`);
    }
  }
  const { lot, serial, expiry, manufactured } = u;
  if ([lot, serial, expiry, manufactured].every((value) => value === undefined)) return null;
  // The secondary carries the lot, or the serial ($+, $$+) when there is no lot; a serial next to
  // a lot goes in a /S supplementary field, the production date in /16D.
  const serialFirst = lot === undefined && serial !== undefined;
  const value = (serialFirst ? serial : lot) ?? '';
  const flag = serialFirst ? '+' : '';
  let text =
    expiry === undefined
      ? `$${flag}${value}`
      : `$$${flag}3${dateDigits('expiry', expiry, 2)}${value}`;
  if (manufactured !== undefined) text += `/16D${dateDigits('manufactured', manufactured, 4)}`;
  if (!serialFirst && serial !== undefined) text += `/S${serial}`;
  return text;
}

/** YYMMDD or YYYYMMDD of a `YYYY-MM-DD` argument. */
function dateDigits(field: string, value: string, yearDigits: 2 | 4): string {
  const date = readIsoDate(field, value);
  const year = yearDigits === 4 ? String(date.year).padStart(4, '0') : two(date.year);
  return `${year}${two(date.month)}${two(date.day)}`;
}

/** One HIBC symbol: the primary alone, or primary and secondary concatenated; check character computed. */
export function hibccUdi(u: HibccUdiInput): string {
  const primary = primaryOf(u);
  const secondary = secondaryOf(u);
  const data = secondary === null ? primary : `${primary}/${secondary}`;
  return `${data}${hibccCheckCharacter(data)}`;
}

/** The two symbols of the split form: the primary, and the secondary linked to it. */
export function hibccSplitUdi(u: HibccUdiInput): { primary: string; secondary: string | null } {
  const primaryData = primaryOf(u);
  const link = hibccCheckCharacter(primaryData);
  const secondary = secondaryOf(u);
  const secondaryData = secondary === null ? null : `+${secondary}${link}`;
  return {
    primary: `${primaryData}${link}`,
    secondary:
      secondaryData === null ? null : `${secondaryData}${hibccCheckCharacter(secondaryData)}`,
  };
}
