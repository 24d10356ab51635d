// The GS1-only reading supply-consumption's POST /usage has used since before @meridian/udi: the
// same parser as parseUdi's GS1 branch, shaped as the older `Gs1Barcode`.
import { gs1YymmddDate, GS, parseGs1ElementString } from './gs1.js';
import { stripSymbologyIdentifier } from './symbology.js';
import { UdiError } from './udi-error.js';

export { GS };

/** What a scan identifies. */
export interface Gs1Barcode {
  /** AI 01, as GTIN-14 with a valid check digit. */
  readonly gtin: string;
  /** AI 10 */
  readonly lotNumber: string | null;
  /** AI 21 */
  readonly serialNumber: string | null;
  /** AI 17 as `YYYY-MM-DD` (day 00 is the month's last day). */
  readonly expirationDate: string | null;
}

export type Gs1ParseResult =
  | { readonly ok: true; readonly barcode: Gs1Barcode }
  | { readonly ok: false; readonly message: string };

/**
 * The calendar date of an AI 17 value. The century follows the GS1 sliding window: a year 51 or
 * more ahead of `today` is in the previous century, 50 or more behind in the next one. Throws a
 * `UdiError` (part `AI 17`) on a value that is not a date.
 */
export function gs1Date(yymmdd: string, today: Date): string {
  return gs1YymmddDate('17', yymmdd, today);
}

/** Parses a GS1 scan in either form (surrounding spaces ignored); `today` anchors the expiry's century. */
export function parseGs1Barcode(text: string, today: Date = new Date()): Gs1ParseResult {
  try {
    const udi = parseGs1ElementString(stripSymbologyIdentifier(text.trim()).body, today);
    return {
      ok: true,
      barcode: {
        gtin: udi.deviceIdentifier,
        lotNumber: udi.lotNumber,
        serialNumber: udi.serialNumber,
        expirationDate: udi.expirationDate,
      },
    };
  } catch (error) {
    if (error instanceof UdiError) return { ok: false, message: error.message };
    throw error;
  }
}
