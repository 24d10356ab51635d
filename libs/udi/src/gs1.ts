// GS1 element strings as point-of-use scanners send them (GS1 General Specifications 7.8): the
// bracketed human-readable form `(01)<gtin>(17)<yymmdd>(10)<lot>(21)<serial>`, or the raw form with
// FNC1 as the ASCII group separator (GS, 0x1D) after each variable-length value but the last,
// optionally led by an FNC1. The symbology identifier is removed before (see udi.ts).
import { aiAt, aiFormat } from './gs1-ai.js';
import type { AiFormat } from './gs1-ai.js';
import { checkedDate, readIsoDate, slidingWindowYear, two } from './dates.js';
import { gtin14Problem } from './gtin.js';
import type { ParsedUdi } from './parsed-udi.js';
import { UdiError } from './udi-error.js';

/** FNC1 in a scanner's transmission: the ASCII group separator. */
export const GS = '\u001d';

/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
const CSET82 = /^[!"%-?A-Z_a-z]*$/;

type Pair = readonly [code: string, value: string];

/** Splits the bracketed form into AI/value pairs. */
function splitBracketed(text: string): Pair[] {
  const pairs: Pair[] = [];
  const element = /\((\d{2,4})\)([^()]*)/y;
  for (let at = 0; at < text.length; at = element.lastIndex) {
    element.lastIndex = at;
    const match = element.exec(text);
    if (!match) {
      throw new UdiError(
        'GS1 element string',
        `is not a bracketed GS1 string at position ${at + 1}`,
      );
    }
    pairs.push([match[1] ?? '', match[2] ?? '']);
  }
  return pairs;
}

/** Splits the raw FNC1 form, reading each AI's value by its length rules. */
function splitRaw(text: string): Pair[] {
  const pairs: Pair[] = [];
  let at = text.startsWith(GS) ? 1 : 0;
  while (at < text.length) {
    const ai = aiAt(text, at);
    if (ai === undefined) {
      const code = text.slice(at, at + 2);
      if (!/^\d\d$/.test(code)) {
        throw new UdiError(
          'GS1 element string',
          `has ${JSON.stringify(code)} at position ${at + 1} where an AI (digits) starts`,
        );
      }
      throw new UdiError(`AI ${code}`, `has an unknown AI (${code}) at position ${at + 1}`);
    }
    at += ai.code.length;
    const separator = text.indexOf(GS, at);
    const end =
      ai.format.fixed !== undefined
        ? Math.min(at + ai.format.fixed, separator === -1 ? text.length : separator)
        : separator === -1
          ? text.length
          : separator;
    pairs.push([ai.code, text.slice(at, end)]);
    at = text[end] === GS ? end + 1 : end;
  }
  return pairs;
}

function checkValue(code: string, format: AiFormat, value: string): void {
  const part = `AI ${code}`;
  if (format.fixed !== undefined && value.length !== format.fixed) {
    throw new UdiError(
      part,
      `has (${code}) with ${value.length} characters instead of ${format.fixed}`,
    );
  }
  if (value.length === 0 || value.length > format.max) {
    throw new UdiError(part, `has (${code}) with 1 to ${format.max} characters expected`);
  }
  if (format.numeric && !/^\d+$/.test(value)) {
    throw new UdiError(part, `has (${code}) with a character other than a digit`);
  }
  if (!format.numeric && !CSET82.test(value)) {
    throw new UdiError(part, `has (${code}) with a character outside GS1 set 82`);
  }
}

/**
 * The calendar date of a GS1 YYMMDD value (AIs 11, 17): the century by the GS1 sliding window from
 * `today`, day 00 the last day of the month.
 */
export function gs1YymmddDate(code: string, yymmdd: string, today: Date): string {
  const part = `AI ${code}`;
  if (!/^\d{6}$/.test(yymmdd)) throw new UdiError(part, `has (${code}) that is not YYMMDD`);
  const year = slidingWindowYear(Number(yymmdd.slice(0, 2)), today);
  const date = { year, month: Number(yymmdd.slice(2, 4)), day: Number(yymmdd.slice(4, 6)) };
  return checkedDate(part, `(${code})`, date, { dayZeroIsLastDay: true });
}

/** Parses the element string (symbology identifier already removed); `today` anchors YY dates. */
export function parseGs1ElementString(text: string, today: Date): ParsedUdi {
  if (text.replace(GS, '').length === 0) throw new UdiError('GS1 element string', 'is empty');
  const pairs = text.startsWith('(') ? splitBracketed(text) : splitRaw(text);
  const values = new Map<string, string>();
  for (const [code, value] of pairs) {
    const format = aiFormat(code);
    if (format === undefined) throw new UdiError(`AI ${code}`, `has an unknown AI (${code})`);
    if (values.has(code)) throw new UdiError(`AI ${code}`, `has (${code}) twice`);
    checkValue(code, format, value);
    values.set(code, value);
  }
  const gtin = values.get('01');
  if (gtin === undefined) throw new UdiError('AI 01', 'has no GTIN (01)');
  const problem = gtin14Problem(gtin);
  if (problem !== null) throw new UdiError('GTIN check digit', `has a GTIN (01) that ${problem}`);
  const expiry = values.get('17');
  const production = values.get('11');
  return {
    issuingAgency: 'GS1',
    deviceIdentifier: gtin,
    lotNumber: values.get('10') ?? null,
    serialNumber: values.get('21') ?? null,
    expirationDate: expiry === undefined ? null : gs1YymmddDate('17', expiry, today),
    manufactureDate: production === undefined ? null : gs1YymmddDate('11', production, today),
  };
}

export interface Gs1UdiInput {
  /** GTIN-8, -12, -13 or -14 with its check digit (padded to 14 digits). */
  readonly gtin: string;
  readonly lot?: string;
  readonly serial?: string;
  /** `YYYY-MM-DD` */
  readonly expiry?: string;
  /** `YYYY-MM-DD` */
  readonly manufactured?: string;
}

function yymmdd(field: string, value: string): string {
  const date = readIsoDate(field, value);
  return `${two(date.year)}${two(date.month)}${two(date.day)}`;
}

/**
 * A GS1 element string for a UDI: `bracketed` (human-readable, the default) or `fnc1` (raw, GS after
 * each variable-length value but the last). Fixed-length AIs first, as GS1 recommends.
 */
export function gs1Udi(u: Gs1UdiInput, form: 'bracketed' | 'fnc1' = 'bracketed'): string {
  const gtin = u.gtin.padStart(14, '0');
  const problem = gtin14Problem(gtin);
  if (problem !== null) throw new RangeError(`gtin ${problem}`);
  const elements: Pair[] = [['01', gtin]];
  if (u.manufactured !== undefined) elements.push(['11', yymmdd('manufactured', u.manufactured)]);
  if (u.expiry !== undefined) elements.push(['17', yymmdd('expiry', u.expiry)]);
  for (const [code, value] of [
    ['10', u.lot],
    ['21', u.serial],
  ] as const) {
    if (value === undefined) continue;
    if (value.length < 1 || value.length > 20 || !CSET82.test(value)) {
      throw new RangeError(`AI ${code} takes 1 to 20 characters of GS1 set 82`);
    }
    if (form === 'bracketed' && /[()]/.test(value)) {
      throw new RangeError(`AI ${code} with a parenthesis cannot be written in the bracketed form`);
    }
    elements.push([code, value]);
  }
  if (form === 'bracketed') return elements.map(([code, value]) => `(${code})${value}`).join('');
  return elements
    .map(([code, value], index) => {
      const last = index === elements.length - 1;
      return `${code}${value}${aiFormat(code)?.fixed === undefined && !last ? GS : ''}`;
    })
    .join('');
}
