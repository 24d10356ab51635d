// GS1 element strings as point-of-use scanners send them: the bracketed human-readable form
// `(01)<gtin>(10)<lot>(17)<yymmdd>(21)<serial>` or the raw form with FNC1 as the ASCII group
// separator (GS, 0x1D) after a variable-length field, optionally behind a symbology identifier
// (`]C1` GS1-128, `]d2` DataMatrix, `]Q3` QR, `]e0` DataBar). Only the AIs a supply scan needs.
import { gtin14Problem } from './gtin.js';

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

/** FNC1 in a scanner's transmission: the ASCII group separator. */
export const GS = '\u001d';

type Ai = '01' | '10' | '17' | '21';

/** Fixed data lengths; the others are variable (up to `max`) and end at GS or the end. */
const AIS: Readonly<Record<Ai, { readonly fixed?: number; readonly max: number }>> = {
  '01': { fixed: 14, max: 14 },
  '10': { max: 20 },
  '17': { fixed: 6, max: 6 },
  '21': { max: 20 },
};

/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
const CSET82 = /^[!"%-?A-Z_a-z]+$/;
const SYMBOLOGY_ID = /^\][A-Za-z][0-9]/;

function isAi(code: string): code is Ai {
  return Object.hasOwn(AIS, code);
}

class Gs1Error extends Error {}

/** Splits the bracketed form into AI/value pairs. */
function splitBracketed(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  const element = /\((\d{2,4})\)([^()]*)/y;
  for (let at = 0; at < text.length; at = element.lastIndex) {
    element.lastIndex = at;
    const match = element.exec(text);
    if (!match) throw new Gs1Error(`is not a bracketed GS1 string at position ${at + 1}`);
    pairs.push([match[1] ?? '', match[2] ?? '']);
  }
  return pairs;
}

/** Splits the raw FNC1 form, reading each AI's value by its length rules. */
function splitRaw(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let at = text.startsWith(GS) ? 1 : 0;
  while (at < text.length) {
    const code = text.slice(at, at + 2);
    if (!isAi(code)) throw new Gs1Error(`has an unsupported AI (${code}) at position ${at + 1}`);
    const spec = AIS[code];
    at += 2;
    let end: number;
    if (spec.fixed !== undefined) {
      end = at + spec.fixed;
    } else {
      const separator = text.indexOf(GS, at);
      end = separator === -1 ? text.length : separator;
    }
    pairs.push([code, text.slice(at, end)]);
    at = text[end] === GS ? end + 1 : end;
  }
  return pairs;
}

/**
 * The calendar date of an AI 17 value. The century follows the GS1 sliding window: a year 51 or
 * more ahead of `today` is in the previous century, 50 or more behind in the next one.
 */
export function gs1Date(yymmdd: string, today: Date): string {
  if (!/^\d{6}$/.test(yymmdd)) throw new Gs1Error(`has an expiry (17) that is not YYMMDD`);
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const current = today.getUTCFullYear();
  const century = current - (current % 100);
  const diff = yy - (current % 100);
  const year = century + yy + (diff >= 51 ? -100 : diff <= -50 ? 100 : 0);
  if (month < 1 || month > 12) throw new Gs1Error(`has an expiry (17) with month ${month}`);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) throw new Gs1Error(`has an expiry (17) with day ${day}`);
  const dd = day === 0 ? lastDay : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

function checkValue(ai: Ai, value: string): void {
  const spec = AIS[ai];
  if (spec.fixed !== undefined && value.length !== spec.fixed) {
    throw new Gs1Error(`has (${ai}) with ${value.length} characters instead of ${spec.fixed}`);
  }
  if (value.length === 0 || value.length > spec.max) {
    throw new Gs1Error(`has (${ai}) with 1 to ${spec.max} characters expected`);
  }
  if (!CSET82.test(value)) throw new Gs1Error(`has (${ai}) with characters outside GS1 set 82`);
}

function toBarcode(pairs: readonly [string, string][], today: Date): Gs1Barcode {
  const values = new Map<Ai, string>();
  for (const [code, value] of pairs) {
    if (!isAi(code)) throw new Gs1Error(`has an unsupported AI (${code})`);
    if (values.has(code)) throw new Gs1Error(`has (${code}) twice`);
    checkValue(code, value);
    values.set(code, value);
  }
  const gtinValue = values.get('01');
  if (gtinValue === undefined) throw new Gs1Error('has no GTIN (01)');
  const gtinProblem = gtin14Problem(gtinValue);
  if (gtinProblem !== null) throw new Gs1Error(`has a GTIN (01) that ${gtinProblem}`);
  const expiry = values.get('17');
  return {
    gtin: gtinValue,
    lotNumber: values.get('10') ?? null,
    serialNumber: values.get('21') ?? null,
    expirationDate: expiry === undefined ? null : gs1Date(expiry, today),
  };
}

/** Parses a scan in either form; `today` anchors the expiry's century. */
export function parseGs1Barcode(text: string, today: Date = new Date()): Gs1ParseResult {
  const body = text.trim().replace(SYMBOLOGY_ID, '');
  try {
    if (body.length === 0) throw new Gs1Error('is empty');
    const pairs = body.startsWith('(') ? splitBracketed(body) : splitRaw(body);
    return { ok: true, barcode: toBarcode(pairs, today) };
  } catch (error) {
    if (error instanceof Gs1Error) return { ok: false, message: error.message };
    throw error;
  }
}
