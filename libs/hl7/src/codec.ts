import { delimitersFrom, escapeValue, unescapeValue } from './encoding.js';
import type { Delimiters } from './encoding.js';
import { Hl7Message, Hl7Segment } from './message.js';
import type { Hl7Field } from './message.js';

/** Text that is not an HL7 v2 message this parser can read; `segment` is 1-based when known. */
export class Hl7ParseError extends Error {
  constructor(
    message: string,
    readonly segment?: number,
  ) {
    super(message);
    this.name = 'Hl7ParseError';
  }
}

/** How much one message may hold; beyond it the parser stops before building anything more. */
export interface Hl7Limits {
  readonly maxSegments: number;
  /** Repetitions of one field. */
  readonly maxRepetitions: number;
  /** Characters of one field, as written (escaped). */
  readonly maxFieldLength: number;
}

export const DEFAULT_HL7_LIMITS: Hl7Limits = {
  maxSegments: 5000,
  maxRepetitions: 100,
  maxFieldLength: 65_536,
};

/** A message over one of its `Hl7Limits`; `location` is the field, for field limits. */
export class Hl7LimitError extends Hl7ParseError {
  constructor(
    message: string,
    readonly limit: keyof Hl7Limits,
    segment?: number,
    readonly location?: {
      readonly segment: string;
      readonly sequence: number;
      readonly field: number;
    },
  ) {
    super(message, segment);
    this.name = 'Hl7LimitError';
  }
}

/**
 * Fields per segment and components (or subcomponents) per component that are read; more are
 * ignored without being built (no HL7 v2.5.1 segment has more than 72 fields, no data type more
 * than 30 components), so a run of delimiters cannot make a million empty values.
 */
export const MAX_FIELDS = 256;
export const MAX_COMPONENTS = 64;

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;
const CR = 13;
const LF = 10;
const EMPTY_FIELD: Hl7Field = Object.freeze([]) as Hl7Field;

/** The non-blank lines of `text` (CR, LF or CRLF), refusing more than `maxSegments`. */
function segmentLines(text: string, maxSegments: number): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let index = 0; index <= text.length; index += 1) {
    const code = index < text.length ? text.charCodeAt(index) : CR;
    if (code !== CR && code !== LF) continue;
    const line = index > start ? text.slice(start, index) : '';
    start = index + 1;
    if (line.trim() === '') continue;
    if (lines.length === maxSegments) {
      throw new Hl7LimitError(
        `the message has more than ${maxSegments} segments`,
        'maxSegments',
        maxSegments + 1,
      );
    }
    lines.push(line);
  }
  return lines;
}

/** Reads the fields of one segment within the limits; `occurrence` names it in errors. */
class SegmentReader {
  constructor(
    private readonly d: Delimiters,
    private readonly limits: Hl7Limits,
  ) {}

  fields(id: string, raw: readonly string[], occurrence: number, position: number): Hl7Field[] {
    return raw.map((field, index) => this.field(field, { id, occurrence, position, index }));
  }

  private field(
    raw: string,
    at: { id: string; occurrence: number; position: number; index: number },
  ): Hl7Field {
    if (raw === '') return EMPTY_FIELD;
    const { d, limits } = this;
    // MSH-1 is the separator: MSH's first field in `raw` is MSH-2.
    const field = at.id === 'MSH' && at.position === 1 ? at.index + 2 : at.index + 1;
    const where = `${at.id}${at.occurrence > 1 ? `(${at.occurrence})` : ''}-${field}`;
    const location = { segment: at.id, sequence: at.occurrence, field };
    if (raw.length > limits.maxFieldLength) {
      const text = `${where} is longer than ${limits.maxFieldLength} characters`;
      throw new Hl7LimitError(text, 'maxFieldLength', at.position, location);
    }
    const repetitions = raw.split(d.repetition, limits.maxRepetitions + 1);
    if (repetitions.length > limits.maxRepetitions) {
      const text = `${where} has more than ${limits.maxRepetitions} repetitions`;
      throw new Hl7LimitError(text, 'maxRepetitions', at.position, location);
    }
    return repetitions.map((repetition) =>
      repetition
        .split(d.component, MAX_COMPONENTS)
        .map((component) =>
          component.split(d.subcomponent, MAX_COMPONENTS).map((s) => unescapeValue(s, d)),
        ),
    );
  }
}

function delimitersOf(header: string): { delimiters: Delimiters; encoding: string } {
  if (!header.startsWith('MSH') || header.length < 8) {
    throw new Hl7ParseError('the message does not start with an MSH segment', 1);
  }
  const fieldSeparator = header.charAt(3);
  const encoding = header.slice(4).split(fieldSeparator, 1)[0] ?? '';
  const delimiters = delimitersFrom(fieldSeparator, encoding);
  if (!delimiters) {
    throw new Hl7ParseError('MSH-1/MSH-2 do not hold usable encoding characters (e.g. |^~\\&)', 1);
  }
  return { delimiters, encoding };
}

/**
 * Parses an HL7 v2 message in one pass: delimiters from MSH-1/MSH-2, segments separated by CR (LF
 * and CRLF accepted too, blank lines skipped), fields, repetitions, components and subcomponents,
 * escape sequences resolved (see `unescapeValue`). MSH-1 and MSH-2 are kept as they were written.
 * Throws `Hl7ParseError` when the text does not start with a usable MSH or a segment id is
 * invalid, `Hl7LimitError` past `limits` (checked before the values are built).
 */
export function parseHl7(text: string, limits: Hl7Limits = DEFAULT_HL7_LIMITS): Hl7Message {
  const lines = segmentLines(text, limits.maxSegments);
  const { delimiters, encoding } = delimitersOf(lines[0] ?? '');
  const reader = new SegmentReader(delimiters, limits);
  const occurrences = new Map<string, number>();
  const segments = lines.map((line, index) => {
    const [id = '', ...fields] = line.split(delimiters.field, MAX_FIELDS + 1);
    if (!SEGMENT_ID.test(id)) {
      throw new Hl7ParseError(`segment ${index + 1} has no valid segment id`, index + 1);
    }
    const occurrence = (occurrences.get(id) ?? 0) + 1;
    occurrences.set(id, occurrence);
    if (id === 'MSH' && index === 0) {
      const [, ...rest] = fields; // the encoding characters, kept verbatim
      return new Hl7Segment(id, [
        [[[delimiters.field]]],
        [[[encoding]]],
        ...reader.fields(id, ['', ...rest], occurrence, 1).slice(1),
      ]);
    }
    return new Hl7Segment(id, reader.fields(id, fields, occurrence, index + 1));
  });
  return new Hl7Message(segments, delimiters);
}

function encodeField(field: Hl7Field, d: Delimiters): string {
  return field
    .map((repetition) =>
      repetition
        .map((component) => component.map((s) => escapeValue(s, d)).join(d.subcomponent))
        .join(d.component),
    )
    .join(d.repetition);
}

/** Writes a message with its delimiters, escaping every value; each segment ends with a CR. */
export function encodeHl7(message: Hl7Message): string {
  const d = message.delimiters;
  return message.segments
    .map((segment, index) => {
      if (index === 0 && segment.id === 'MSH') {
        const [, encoding, ...rest] = segment.fields;
        const characters = encoding?.[0]?.[0]?.[0] ?? '';
        return ['MSH', characters, ...rest.map((f) => encodeField(f, d))].join(d.field);
      }
      return [segment.id, ...segment.fields.map((f) => encodeField(f, d))].join(d.field);
    })
    .map((line) => `${line}\r`)
    .join('');
}
