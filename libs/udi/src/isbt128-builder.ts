// ISBT 128 data structures for tests, demo feeders and benchmarks: PPIC or Product Code, DIN with
// type 3 flag characters, Expiration and Production Date, MPHO Lot Number, concatenated as a 2-D
// symbol carries them.
import { dayOfYear, readIsoDate } from './dates.js';
import { DIN_STRUCTURE, mod37_2, STRUCTURES } from './isbt128.js';

export interface Isbt128UdiInput {
  /** A PPIC (16 characters, written as `=/`) or a Product Code (8, written as `=<`). */
  readonly productCode: string;
  /** The 13-character DIN (the serial number), written with type 3 flag characters. */
  readonly donationId?: string;
  /** `YYYY-MM-DD` (2000 to 2999), as Expiration Date [004]. */
  readonly expiry?: string;
  /** `YYYY-MM-DD` (2000 to 2999), as Production Date [008]. */
  readonly manufactured?: string;
  /** 1 to 18 capital letters or digits, as MPHO Lot Number [035] (zero-padded to 18). */
  readonly lot?: string;
}

function cyyjjj(field: string, value: string): string {
  const date = readIsoDate(field, value);
  if (date.year < 2000 || date.year > 2999) {
    throw new RangeError(`${field} must be in 2000 to 2999`);
  }
  return `${String(date.year - 2000).padStart(3, '0')}${String(dayOfYear(date)).padStart(3, '0')}`;
}

/** Concatenated ISBT 128 data structures as one 2-D symbol carries them; DIN flags computed. */
export function isbt128Udi(u: Isbt128UdiInput): string {
  const ppic = STRUCTURES.get('=/');
  const productCode = STRUCTURES.get('=<');
  const kind = [ppic, productCode].find((s) => s?.length === u.productCode.length);
  if (kind === undefined || !kind.pattern?.test(u.productCode)) {
    throw new RangeError('productCode is a PPIC (16 characters) or a Product Code (8)');
  }
  let text = `${kind.di}${u.productCode}`;
  if (u.donationId !== undefined) {
    const din = u.donationId;
    if (!DIN_STRUCTURE.pattern?.test(`${din}00`))
      throw new RangeError('donationId is a 13-character DIN');
    text += `=${din}${60 + mod37_2(din)}`;
  }
  if (u.expiry !== undefined) text += `=>${cyyjjj('expiry', u.expiry)}`;
  if (u.manufactured !== undefined) text += `=}${cyyjjj('manufactured', u.manufactured)}`;
  if (u.lot !== undefined) {
    if (!/^[A-Z0-9]{1,18}$/.test(u.lot))
      throw new RangeError('lot is 1 to 18 capital letters or digits');
    text += `&,1${u.lot.padStart(18, '0')}`;
  }
  return text;
}
