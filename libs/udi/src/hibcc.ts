// HIBC LIC (HIBCC Supplier Labeling Standard): the primary data structure
// `+` LIC(4, first a letter) PCN(1-18) U/M(digit) check, the secondary `+` [quantity/date] lot-or-serial
// link check, and both concatenated as `+` primary `/` secondary check (the primary's check
// character, the secondary's `+` and its link character left out). The check character is mod 43
// over the HIBC character set, the flag `+` included. Code 39 start/stop asterisks are tolerated.
import { checkedDate, ordinalDate, slidingWindowYear } from './dates.js';
import type { ParsedUdi } from './parsed-udi.js';
import { UdiError } from './udi-error.js';

/** The HIBC character set in check-value order (value = index). */
const HIBC_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';
export const PRIMARY = /^([A-Z][A-Z0-9]{3})([A-Z0-9]{1,18})([0-9])$/;
/** A lot or serial number: up to 18 letters, digits, `-` or `.`. */
export const LOT_OR_SERIAL = /^[A-Z0-9.-]{0,18}$/;

/** The mod 43 check character of `data` (the `+` flag and every character after it). */
export function hibccCheckCharacter(data: string): string {
  let sum = 0;
  for (const character of data) {
    const value = HIBC_CHARSET.indexOf(character);
    if (value === -1) throw new RangeError(`${JSON.stringify(character)} is not in the HIBC set`);
    sum += value;
  }
  return HIBC_CHARSET.charAt(sum % 43);
}

interface Secondary {
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
  readonly expirationDate: string | null;
}

/** Checks the flag, the character set and the check character; answers the data between flag and check. */
function readSymbol(text: string): { body: string; check: string } {
  const symbol = text.replace(/^\*/, '').replace(/\*$/, '');
  if (!symbol.startsWith('+')) {
    throw new UdiError('HIBCC flag', 'does not start with the HIBC flag +');
  }
  const outside = [...symbol].findIndex((character) => !HIBC_CHARSET.includes(character));
  if (outside !== -1) {
    throw new UdiError(
      'HIBCC character',
      `has ${JSON.stringify(symbol[outside])} at position ${outside + 1}, outside the HIBC character set`,
    );
  }
  if (symbol.length < 3) throw new UdiError('HIBCC primary', 'is too short for HIBC data');
  const data = symbol.slice(0, -1);
  const check = symbol.slice(-1);
  const expected = hibccCheckCharacter(data);
  if (check !== expected) {
    throw new UdiError(
      'HIBCC check character',
      `has check character ${JSON.stringify(check)} where the data gives ${JSON.stringify(expected)}`,
    );
  }
  return { body: data.slice(1), check };
}

function readPrimary(primary: string): string {
  if (!PRIMARY.test(primary)) {
    throw new UdiError(
      'HIBCC primary',
      'needs a labeler code (4 letters or digits, the first a letter), a product code of 1 to 18 letters or digits and a unit-of-measure digit',
    );
  }
  return primary;
}

function digitsAt(
  secondary: string,
  at: number,
  length: number,
  part: string,
  label: string,
): string {
  const value = secondary.slice(at, at + length);
  if (!new RegExp(`^\\d{${length}}$`).test(value)) {
    throw new UdiError(part, `has a ${label} that is not ${length} digits`);
  }
  return value;
}

type DateFormat = 'MMYY' | 'MMDDYY' | 'YYMMDD' | 'YYMMDDHH' | 'YYJJJ' | 'YYJJJHH';

/** Digits of each date format; all but MMYY follow a one-digit flag. */
const DATE_LENGTHS: Readonly<Record<DateFormat, number>> = {
  MMYY: 4,
  MMDDYY: 6,
  YYMMDD: 6,
  YYMMDDHH: 8,
  YYJJJ: 5,
  YYJJJHH: 7,
};

/** The `$$` date format flags of the secondary data structure (`0`/`1` is the first digit of MMYY). */
const FLAGS: Readonly<Partial<Record<string, DateFormat | null>>> = {
  '0': 'MMYY',
  '1': 'MMYY',
  '2': 'MMDDYY',
  '3': 'YYMMDD',
  '4': 'YYMMDDHH',
  '5': 'YYJJJ',
  '6': 'YYJJJHH',
  '7': null,
};

/** The expiry of a date field in `format`, as `YYYY-MM-DD`. */
function hibccDate(format: DateFormat, value: string, today: Date): string {
  const part = 'HIBCC expiry';
  const label = `the expiry (${format})`;
  const number = (from: number, to: number): number => Number(value.slice(from, to));
  switch (format) {
    case 'MMYY': {
      const year = slidingWindowYear(number(2, 4), today);
      return checkedDate(
        part,
        label,
        { year, month: number(0, 2), day: 0 },
        { dayZeroIsLastDay: true },
      );
    }
    case 'MMDDYY':
      return checkedDate(part, label, {
        year: slidingWindowYear(number(4, 6), today),
        month: number(0, 2),
        day: number(2, 4),
      });
    case 'YYMMDD':
    case 'YYMMDDHH':
      if (format === 'YYMMDDHH' && number(6, 8) > 23) {
        throw new UdiError(part, `${label} has hour ${number(6, 8)}`);
      }
      return checkedDate(part, label, {
        year: slidingWindowYear(number(0, 2), today),
        month: number(2, 4),
        day: number(4, 6),
      });
    case 'YYJJJ':
    case 'YYJJJHH':
      if (format === 'YYJJJHH' && number(5, 7) > 23) {
        throw new UdiError(part, `${label} has hour ${number(5, 7)}`);
      }
      return ordinalDate(part, label, slidingWindowYear(number(0, 2), today), number(2, 5));
  }
}

/** Reads the secondary data (without `+`, link or check character). */
function readSecondary(secondary: string, today: Date): Secondary {
  let at: number;
  let kind: 'lot' | 'serial' = 'lot';
  let expirationDate: string | null = null;
  let dated = false;
  if (/^\d/.test(secondary)) {
    expirationDate = hibccDate(
      'YYJJJ',
      digitsAt(secondary, 0, 5, 'HIBCC expiry', 'Julian date YYJJJ'),
      today,
    );
    at = 5;
  } else if (secondary.startsWith('$$')) {
    kind = secondary.startsWith('$$+') ? 'serial' : 'lot';
    at = kind === 'serial' ? 3 : 2;
    dated = true;
  } else if (secondary.startsWith('$')) {
    kind = secondary.startsWith('$+') ? 'serial' : 'lot';
    at = kind === 'serial' ? 2 : 1;
  } else {
    throw new UdiError('HIBCC secondary', 'does not start with a Julian date, $ or $$');
  }
  if (dated) {
    const quantityDigits = secondary[at] === '8' ? 2 : secondary[at] === '9' ? 5 : 0;
    if (quantityDigits > 0) {
      digitsAt(secondary, at + 1, quantityDigits, 'HIBCC quantity', 'quantity');
      at += 1 + quantityDigits;
    }
    const flag = secondary.charAt(at);
    const format = FLAGS[flag];
    if (format === undefined) {
      throw new UdiError(
        'HIBCC expiry',
        `has date format flag ${JSON.stringify(flag)} (0 to 7 expected)`,
      );
    }
    if (format !== null) {
      const flagLength = format === 'MMYY' ? 0 : 1;
      const length = DATE_LENGTHS[format];
      const value = digitsAt(secondary, at + flagLength, length, 'HIBCC expiry', `date ${format}`);
      expirationDate = hibccDate(format, value, today);
      at += flagLength + length;
    } else {
      at += 1;
    }
  }
  const value = secondary.slice(at);
  if (value.includes('/')) {
    throw new UdiError(
      'HIBCC supplementary data',
      'has supplementary data fields (/...), which are not read',
    );
  }
  if (!LOT_OR_SERIAL.test(value)) {
    throw new UdiError(
      kind === 'lot' ? 'HIBCC lot' : 'HIBCC serial',
      `has a ${kind === 'lot' ? 'lot' : 'serial'} number other than up to 18 letters, digits, - or .`,
    );
  }
  const number = value === '' ? null : value;
  return {
    lotNumber: kind === 'lot' ? number : null,
    serialNumber: kind === 'serial' ? number : null,
    expirationDate,
  };
}

const NO_SECONDARY: Secondary = { lotNumber: null, serialNumber: null, expirationDate: null };

function udiOf(deviceIdentifier: string, secondary: Secondary): ParsedUdi {
  return { issuingAgency: 'HIBCC', deviceIdentifier, ...secondary, manufactureDate: null };
}

/** A primary data structure alone, or primary and secondary concatenated, in one scan. */
export function parseHibcc(text: string, today: Date): ParsedUdi {
  const { body } = readSymbol(text);
  if (!/^[A-Z]/.test(body)) {
    throw new UdiError(
      'HIBCC primary',
      'is a secondary data structure alone: the primary (labeler and product) identifies the device, scan both',
    );
  }
  const slash = body.indexOf('/');
  if (slash === -1) return udiOf(readPrimary(body), NO_SECONDARY);
  return udiOf(readPrimary(body.slice(0, slash)), readSecondary(body.slice(slash + 1), today));
}

/** A primary and a secondary data structure scanned from two symbols, tied by the link character. */
export function parseHibccSplit(
  primaryText: string,
  secondaryText: string,
  today: Date,
): ParsedUdi {
  const primary = readSymbol(primaryText);
  const deviceIdentifier = readPrimary(primary.body);
  const secondary = readSymbol(secondaryText);
  const link = secondary.body.slice(-1);
  if (link !== primary.check) {
    throw new UdiError(
      'HIBCC link character',
      `has link character ${JSON.stringify(link)} where the primary's check character is ${JSON.stringify(primary.check)}`,
    );
  }
  return udiOf(deviceIdentifier, readSecondary(secondary.body.slice(0, -1), today));
}
