// HL7 v2 receiving rules that are not about ADT fields: the character set of the bytes (MSH-18),
// control characters inside values, the processing id (MSH-11) and the per-message budget.
import { describeLocation, HL7_CHARSETS } from '@meridian/hl7';
import type { DecodedHl7, ErrorLocation, Hl7LimitError, Hl7Message } from '@meridian/hl7';
import { LIMIT_VARIABLES } from '../config/app.config.js';
import type { IngestIssue } from '../encounters/encounter-facts.js';
import type { AdtFields } from './adt-fields.js';
import { at } from './adt-fields.js';

const MSH_18 = at('MSH', 18);
const CHARSETS = Object.keys(HL7_CHARSETS).join(', ');

/** Why bytes could not be read as text: AR 203 for a charset not read here, AE 102 for bad bytes. */
export function decodingIssue(decoded: Exclude<DecodedHl7, { ok: true }>): IngestIssue {
  if (decoded.problem === 'unsupported') {
    return {
      kind: 'unsupported-version',
      where: 'MSH-18',
      message: `MSH-18 is not a character set this receiver reads (${CHARSETS})`,
      hl7: MSH_18,
    };
  }
  const charset = decoded.charset === '' ? 'UTF-8 (MSH-18 is empty)' : 'the MSH-18 character set';
  return {
    kind: 'datatype',
    where: 'MSH-18',
    message: `MSH-18: the message holds bytes that are not valid in ${charset}`,
    hl7: MSH_18,
  };
}

/** C0 control characters and DEL; TAB, LF and CR (segment ends, `\.br\`, `\X0D\`) are allowed. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    if (isControl(text.charCodeAt(index))) return true;
  }
  return false;
}

function hasControl(message: Hl7Message, index: number, field: number): boolean {
  const value = message.segments[index]?.fields[field - 1] ?? [];
  return value.some((rep) => rep.some((comp) => comp.some(hasControlCharacter)));
}

/** The first field holding a control character (NUL, VT, FS...), as an AE 102 issue naming it. */
export function controlCharacterIssue(message: Hl7Message): IngestIssue | undefined {
  const seen = new Map<string, number>();
  for (const [index, segment] of message.segments.entries()) {
    const sequence = (seen.get(segment.id) ?? 0) + 1;
    seen.set(segment.id, sequence);
    const first = segment.id === 'MSH' && index === 0 ? 3 : 1; // MSH-1/MSH-2: the delimiters
    for (let field = first; field <= segment.fields.length; field += 1) {
      if (!hasControl(message, index, field)) continue;
      const location: ErrorLocation = { segment: segment.id, sequence, field };
      const where = describeLocation(location);
      const text = `${where} contains a control character (only TAB and line breaks are allowed)`;
      return { kind: 'datatype', where, message: text, hl7: location };
    }
  }
  return undefined;
}

/** MSH-11.1: P is processed; T (training), D (debugging) and anything else are AR 202. */
export function checkProcessingId(f: AdtFields): void {
  const location = at('MSH', 11);
  const id = f.required(location);
  if (id === undefined || id === 'P') return;
  const reason =
    id === 'T' || id === 'D'
      ? 'is a non-production processing id (T or D): only P messages are accepted here'
      : 'is not a processing id of HL7 table 0103 (P, T, D)';
  f.problem('unsupported-type', location, reason, 202);
}

/** A message over the budget: AR naming the limit and the variable that sets it. */
export function limitIssue(error: Hl7LimitError): IngestIssue {
  const message = `${error.message} (limit ${LIMIT_VARIABLES[error.limit]})`;
  if (!error.location) return { kind: 'structure', where: 'message', message };
  return {
    kind: 'structure',
    where: describeLocation(error.location),
    message,
    hl7: error.location,
  };
}
