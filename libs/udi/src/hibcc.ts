// HIBC LIC (HIBCC Supplier Labeling Standard, ANSI/HIBC 2.6): the primary data structure
// `+` LIC(4, first a letter) PCN(1-18) U/M(digit) check, the secondary `+` [quantity/date] lot-or-serial
// [supplementary fields] link check (hibcc-secondary.ts), and both concatenated as `+` primary `/` secondary check (the primary's check
// character, the secondary's `+` and its link character left out). The check character is mod 43
// over the HIBC character set, the flag `+` included. Code 39 start/stop asterisks are tolerated.
import { NO_SECONDARY, readSecondary } from './hibcc-secondary.js';
import type { Secondary } from './hibcc-secondary.js';
import type { ParsedUdi } from './parsed-udi.js';
import { UdiError } from './udi-error.js';

/** The HIBC character set in check-value order (value = index). */
const HIBC_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%';
export const PRIMARY = /^([A-Z][A-Z0-9]{3})([A-Z0-9]{1,18})([0-9])$/;

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

/**
 * The HIBC LIC caption prints a space check character as `_`; keyed from the caption it arrives so.
 */
const CAPTION_SPACE = '_';

/**
 * Checks the flag, the character set and the check character; answers the data between flag and
 * check. A space is a valid check character (value 38): typed from the caption it is `_`, and a
 * scan whose trailing space a keyboard wedge or a form trimmed away is read as ending in it (only
 * when the last character is not a valid check character itself: that reading comes first).
 */
function readSymbol(text: string): { body: string; check: string } {
  const stripped = text.replace(/^\*/, '').replace(/\*$/, '');
  const symbol = stripped.endsWith(CAPTION_SPACE) ? `${stripped.slice(0, -1)} ` : stripped;
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
    // The symbol read as all data gives a space: its space check character was trimmed away.
    if (hibccCheckCharacter(symbol) === ' ') return { body: symbol.slice(1), check: ' ' };
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

function udiOf(deviceIdentifier: string, secondary: Secondary): ParsedUdi {
  return { issuingAgency: 'HIBCC', deviceIdentifier, ...secondary };
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
