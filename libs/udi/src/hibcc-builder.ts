// HIBC LIC symbols for tests, demo feeders and benchmarks: the primary alone, primary and secondary
// concatenated, or the split pair tied by the link character; check characters computed.
import { readIsoDate, two } from './dates.js';
import { hibccCheckCharacter, LOT_OR_SERIAL, PRIMARY } from './hibcc.js';

export interface HibccUdiInput {
  /** Labeler Identification Code: 4 letters or digits, the first a letter. */
  readonly labeler: string;
  /** Labeler's product or catalog number: 1 to 18 letters or digits. */
  readonly product: string;
  /** 0 (unit of use) to 9; default 0. */
  readonly unitOfMeasure?: number;
  /** A lot or a serial number (the secondary carries one), up to 18 letters, digits, - or . */
  readonly lot?: string;
  readonly serial?: string;
  /** `YYYY-MM-DD`, written as `$$3` YYMMDD. */
  readonly expiry?: string;
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
  if (u.lot !== undefined && u.serial !== undefined) {
    throw new RangeError('an HIBC secondary carries a lot or a serial number, not both');
  }
  const value = u.serial ?? u.lot;
  if (value === undefined && u.expiry === undefined) return null;
  if (value !== undefined && (value === '' || !LOT_OR_SERIAL.test(value))) {
    throw new RangeError('lot and serial are 1 to 18 letters, digits, - or .');
  }
  const serial = u.serial !== undefined ? '+' : '';
  if (u.expiry === undefined) return `$${serial}${value ?? ''}`;
  const date = readIsoDate('expiry', u.expiry);
  return `$$${serial}3${two(date.year)}${two(date.month)}${two(date.day)}${value ?? ''}`;
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
