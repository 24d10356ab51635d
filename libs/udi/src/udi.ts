// One entry point for a UDI scan of any FDA-accredited issuing agency: the text is checked, the
// symbology identifier removed, the agency told from the first character, and its parser run.
import { parseGs1ElementString } from './gs1.js';
import { parseHibcc, parseHibccSplit } from './hibcc.js';
import { parseIsbt128 } from './isbt128.js';
import type { ParsedUdi, UdiParseResult } from './parsed-udi.js';
import { stripSymbologyIdentifier } from './symbology.js';
import { UdiError } from './udi-error.js';

/** Longest scan accepted: well above any UDI (a GS1 DataMatrix UDI is rarely past 80). */
export const MAX_UDI_LENGTH = 256;

/** Printable ASCII and the group separator (FNC1) only. */
function checkText(text: string): void {
  if (text.length === 0) throw new UdiError('text', 'is empty');
  if (text.length > MAX_UDI_LENGTH) {
    throw new UdiError('text', `has ${text.length} characters, more than ${MAX_UDI_LENGTH}`);
  }
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code > 0x7e) throw new UdiError('text', `has a non-ASCII character at position ${i + 1}`);
    if (code < 0x20 && code !== 0x1d) {
      throw new UdiError(
        'text',
        `has control character 0x${code.toString(16).padStart(2, '0')} at position ${i + 1}`,
      );
    }
  }
}

function parse(text: string, today: Date): ParsedUdi {
  checkText(text);
  const symbol = stripSymbologyIdentifier(text);
  const first = symbol.body.charAt(0);
  if (symbol.gs1 || first === '(' || first === '\u001d' || /\d/.test(first)) {
    return parseGs1ElementString(symbol.body, today);
  }
  if (first === '+' || first === '*') return parseHibcc(symbol.body, today);
  if (first === '=' || first === '&') return parseIsbt128(symbol.body);
  if (first === '') throw new UdiError('text', 'has a symbology identifier and nothing after it');
  throw new UdiError(
    'issuing agency',
    'is not a GS1 element string, an HIBC LIC symbol or ISBT 128 data structures',
  );
}

function result(run: () => ParsedUdi): UdiParseResult {
  try {
    return { ok: true, udi: run() };
  } catch (error) {
    if (error instanceof UdiError) return { ok: false, part: error.part, message: error.message };
    throw error;
  }
}

/**
 * Detects the agency from the text (symbology identifier, leading `+` or `*+`, `=`/`&` data
 * identifiers, `(` or digits) and parses it. Never throws on input; `today` anchors two-digit years
 * (GS1 sliding window, also used for HIBC dates).
 */
export function parseUdi(text: string, today: Date = new Date()): UdiParseResult {
  return result(() => parse(text, today));
}

/** An HIBC primary and secondary scanned from two symbols (the split form), tied by the link character. */
export function parseHibccScans(
  primary: string,
  secondary: string,
  today: Date = new Date(),
): UdiParseResult {
  return result(() => {
    checkText(primary);
    checkText(secondary);
    return parseHibccSplit(
      stripSymbologyIdentifier(primary).body,
      stripSymbologyIdentifier(secondary).body,
      today,
    );
  });
}
