import { encodeHl7 } from './codec.js';
import { DEFAULT_DELIMITERS } from './encoding.js';
import { Hl7Message, Hl7Segment } from './message.js';
import type { FieldInput } from './message.js';
import { formatHl7Timestamp } from './timestamp.js';

/** MSA-1: application accept, error, reject. */
export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357 (message error condition codes), the ones an ADT receiver answers with. */
export const HL7_ERROR_CODES = {
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  202: 'Unsupported processing id',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  205: 'Duplicate key identifier',
  206: 'Application record locked',
  207: 'Application internal error',
} as const;

export type Hl7ErrorCode = keyof typeof HL7_ERROR_CODES;

/** ERR-2 (ERL): where the error is, `SEG^seq^field^rep^comp^sub`, e.g. `PID^1^3`. */
export interface ErrorLocation {
  readonly segment: string;
  /** Which occurrence of the segment (1-based); default 1. */
  readonly sequence?: number;
  readonly field?: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

/** A location as people write it: `PID-3`, `PV1-7.13`, `DG1(2)-3.1`, or `OBX` for a segment. */
export function describeLocation(location: ErrorLocation): string {
  const { segment, sequence = 1, field, component, subcomponent } = location;
  const seg = sequence > 1 ? `${segment}(${sequence})` : segment;
  if (field === undefined) return seg;
  const comp = component === undefined ? '' : `.${component}`;
  const sub = subcomponent === undefined ? '' : `.${subcomponent}`;
  return `${seg}-${field}${comp}${sub}`;
}

/** One problem, one ERR segment. */
export interface AckError {
  readonly code: Hl7ErrorCode;
  readonly location?: ErrorLocation;
  /** ERR-8, for people: names the field, e.g. `PV1-45 is not a valid HL7 timestamp`. */
  readonly message: string;
  /** ERR-4: E error (default), W warning, I information. */
  readonly severity?: 'E' | 'W' | 'I';
}

export interface AckOptions {
  readonly code: AckCode;
  /** MSH-10 of the acknowledgment itself (unique, at most 20 characters in v2.5). */
  readonly controlId: string;
  /** MSH-7 of the acknowledgment. */
  readonly at: Date;
  /** Zone MSH-7 is written in (with its offset); default UTC. */
  readonly timeZone?: string;
  readonly errors?: readonly AckError[];
  /** MSH-18 of the acknowledgment: the character set it is sent in, when not ASCII/UTF-8. */
  readonly charset?: string;
}

function errLocation(location: ErrorLocation | undefined): FieldInput {
  if (!location) return undefined;
  const { segment, sequence = 1, field, repetition, component, subcomponent } = location;
  const parts = [segment, String(sequence)];
  if (field === undefined) return parts;
  parts.push(String(field));
  if (repetition === undefined && component === undefined) return parts;
  parts.push(String(repetition ?? 1));
  if (component !== undefined) parts.push(String(component));
  if (component !== undefined && subcomponent !== undefined) parts.push(String(subcomponent));
  return parts;
}

/**
 * The acknowledgment of `original` (v2.5 original mode): MSH with sender and receiver swapped,
 * `ACK^<event>^ACK`, a new control id, the original's MSH-11/12 and delimiters and MSH-18 when a
 * charset is given; MSA with the
 * code and the original MSH-10; one ERR per error (ERR-2 location, ERR-3 table 0357 code, ERR-4
 * severity, ERR-8 user message). Without an original (unreadable input) the header fields it would
 * copy are left empty, so the sender still gets an answer.
 */
export function buildAck(original: Hl7Message | undefined, options: AckOptions): string {
  const get = (path: string): string => original?.get(path) ?? '';
  const msh = original?.segment('MSH');
  const event = get('MSH-9.2');
  const header: FieldInput[] = [
    msh?.field(5),
    msh?.field(6),
    msh?.field(3),
    msh?.field(4),
    formatHl7Timestamp(options.at, {
      precision: 'millisecond',
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    }),
    undefined,
    event ? ['ACK', event, 'ACK'] : 'ACK',
    options.controlId,
    msh?.field(11).length ? msh.field(11) : 'P',
    msh?.field(12).length ? msh.field(12) : '2.5.1',
    ...(options.charset ? [...Array<undefined>(5).fill(undefined), options.charset] : []),
  ];
  const msa = Hl7Segment.of('MSA', [options.code, get('MSH-10')]);
  const errors = (options.errors ?? []).map((error) =>
    Hl7Segment.of('ERR', [
      undefined,
      errLocation(error.location),
      [String(error.code), HL7_ERROR_CODES[error.code], 'HL70357'],
      error.severity ?? 'E',
      undefined,
      undefined,
      undefined,
      error.message,
    ]),
  );
  const delimiters = original?.delimiters ?? DEFAULT_DELIMITERS;
  return encodeHl7(Hl7Message.create(header, [msa, ...errors], delimiters));
}
