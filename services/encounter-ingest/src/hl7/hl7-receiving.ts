// HL7 v2 receiving rules that are not about ADT fields: the character set of the bytes (MSH-18),
// control characters inside values, the processing id (MSH-11) and the per-message budget.
import { describeLocation, findControlCharacter, HL7_CHARSETS } from '@meridian/hl7';
import type { DecodedHl7, Hl7LimitError, Hl7Message } from '@meridian/hl7';
import { LIMIT_VARIABLES } from '../config/app.config.js';
import type { NonProductionPolicy } from '../config/app.config.js';
import type { IngestIssue } from '../encounters/encounter-facts.js';
import type { AdtFields } from './adt-fields.js';
import { at, CONTROL_CHARACTER } from './adt-fields.js';

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

/** The first field holding a control character (NUL, VT, FS...), as an AE 102 issue naming it. */
export function controlCharacterIssue(message: Hl7Message): IngestIssue | undefined {
  const location = findControlCharacter(message);
  if (!location) return undefined;
  const where = describeLocation(location);
  return { kind: 'datatype', where, message: `${where} ${CONTROL_CHARACTER}`, hl7: location };
}

/** MSH-11.1 of training (T) and debugging (D) messages. */
const NON_PRODUCTION_IDS: ReadonlySet<string> = new Set(['T', 'D']);

/** Whether `message` is a training or debugging one (MSH-11.1 T or D). */
export function isNonProduction(message: Hl7Message): boolean {
  return NON_PRODUCTION_IDS.has(message.get('MSH-11').trim());
}

/**
 * MSH-11.1: P is processed; T (training) and D (debugging) are processed with `publish` (to the
 * non-production topic), AR 202 with `reject`; anything else is AR 202.
 */
export function checkProcessingId(f: AdtFields, policy: NonProductionPolicy): void {
  const location = at('MSH', 11);
  const id = f.required(location);
  if (id === undefined || id === 'P') return;
  const nonProduction = NON_PRODUCTION_IDS.has(id);
  if (nonProduction && policy === 'publish') return;
  const reason = nonProduction
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
