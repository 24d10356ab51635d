// The HIBC LIC secondary data structure (ANSI/HIBC 2.6 section 2.2 and 2.3): quantity and date
// flags, the lot or serial number, then supplementary data fields; read without its `+`, link and
// check character, which hibcc.ts has taken off.
import { checkedDate, ordinalDate, slidingWindowYear } from './dates.js';
import { UdiError } from './udi-error.js';

/** A lot or serial number: up to 18 letters, digits, `-` or `.`. */
export const LOT_OR_SERIAL = /^[A-Z0-9.-]{0,18}$/;

export interface Secondary {
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
  readonly expirationDate: string | null;
  readonly manufactureDate: string | null;
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

/** After `$$` or `$$+`: an optional quantity (`8` + 2 digits, `9` + 5), then the date format flag and date. */
function readQuantityAndDate(
  secondary: string,
  from: number,
  today: Date,
): { at: number; expirationDate: string | null } {
  let at = from;
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
  if (format === null) return { at: at + 1, expirationDate: null };
  const flagLength = format === 'MMYY' ? 0 : 1;
  const length = DATE_LENGTHS[format];
  const value = digitsAt(secondary, at + flagLength, length, 'HIBCC expiry', `date ${format}`);
  return { at: at + flagLength + length, expirationDate: hibccDate(format, value, today) };
}

/** Reads the secondary data (without `+`, link or check character). */
export function readSecondary(secondary: string, today: Date): Secondary {
  const serial = secondary.startsWith('$$+') || secondary.startsWith('$+');
  let read: { at: number; expirationDate: string | null };
  if (/^\d/.test(secondary)) {
    const julian = digitsAt(secondary, 0, 5, 'HIBCC expiry', 'Julian date YYJJJ');
    read = { at: 5, expirationDate: hibccDate('YYJJJ', julian, today) };
  } else if (secondary.startsWith('$$')) {
    read = readQuantityAndDate(secondary, serial ? 3 : 2, today);
  } else if (secondary.startsWith('$')) {
    read = { at: serial ? 2 : 1, expirationDate: null };
  } else {
    throw new UdiError('HIBCC secondary', 'does not start with a Julian date, $ or $$');
  }
  const [value = '', ...fields] = secondary.slice(read.at).split('/');
  if (!LOT_OR_SERIAL.test(value)) {
    throw new UdiError(
      serial ? 'HIBCC serial' : 'HIBCC lot',
      `has a ${serial ? 'serial' : 'lot'} number other than up to 18 letters, digits, - or .`,
    );
  }
  const number = value === '' ? null : value;
  return readSupplementary(fields, {
    lotNumber: serial ? null : number,
    serialNumber: serial ? number : null,
    expirationDate: read.expirationDate,
    manufactureDate: null,
  });
}

/** A supplementary field's YYYYMMDD date. */
function supplementaryDate(part: string, identifier: string, value: string): string {
  if (!/^\d{8}$/.test(value)) throw new UdiError(part, `has /${identifier} that is not YYYYMMDD`);
  const date = {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(4, 6)),
    day: Number(value.slice(6, 8)),
  };
  return checkedDate(part, `/${identifier}`, date);
}

/** A field must not say again what the secondary said. */
function once<T>(part: string, identifier: string, current: T | null, value: T): T {
  if (current !== null)
    throw new UdiError(part, `has /${identifier} where the secondary already has one`);
  return value;
}

/**
 * Supplementary data fields after the lot or serial (ANSI/HIBC 2.6 section 2.3), each `/` + an
 * ANSI MH10.8.2 data identifier: `S` serial number, `16D` production date and `14D` expiry
 * (YYYYMMDD), `Q` quantity (read, not returned). Any other identifier is reported, not guessed.
 */
function readSupplementary(fields: readonly string[], secondary: Secondary): Secondary {
  let result = secondary;
  for (const field of fields) {
    const [, identifier = '', value = ''] = /^(S|16D|14D|Q)(.*)$/.exec(field) ?? [];
    switch (identifier) {
      case 'S':
        if (value === '' || !LOT_OR_SERIAL.test(value)) {
          throw new UdiError(
            'HIBCC serial',
            'has a serial number (/S) other than 1 to 18 letters, digits, - or .',
          );
        }
        result = { ...result, serialNumber: once('HIBCC serial', 'S', result.serialNumber, value) };
        break;
      case '16D':
        result = {
          ...result,
          manufactureDate: once(
            'HIBCC production date',
            '16D',
            result.manufactureDate,
            supplementaryDate('HIBCC production date', '16D', value),
          ),
        };
        break;
      case '14D':
        result = {
          ...result,
          expirationDate: once(
            'HIBCC expiry',
            '14D',
            result.expirationDate,
            supplementaryDate('HIBCC expiry', '14D', value),
          ),
        };
        break;
      case 'Q':
        if (!/^\d{1,5}$/.test(value))
          throw new UdiError('HIBCC quantity', 'has a quantity (/Q) that is not 1 to 5 digits');
        break;
      default:
        throw new UdiError(
          'HIBCC supplementary data',
          `has supplementary field ${JSON.stringify(field.slice(0, 4))}: /S, /16D, /14D and /Q are read`,
        );
    }
  }
  return result;
}

export const NO_SECONDARY: Secondary = {
  lotNumber: null,
  serialNumber: null,
  expirationDate: null,
  manufactureDate: null,
};
