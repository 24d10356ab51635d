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

/** A field's value from its text: repetitions, components, subcomponents, escapes resolved. */
function parseField(raw: string, d: Delimiters): Hl7Field {
  if (raw === '') return EMPTY_FIELD;
  // Most fields are one plain value: nothing to split or unescape.
  if (![d.repetition, d.component, d.subcomponent, d.escape].some((c) => raw.includes(c)))
    return [[[raw]]];
  return raw
    .split(d.repetition)
    .map((repetition) =>
      repetition
        .split(d.component, MAX_COMPONENTS)
        .map((component) =>
          component.split(d.subcomponent, MAX_COMPONENTS).map((s) => unescapeValue(s, d)),
        ),
    );
}

function fieldParser(delimiters: Delimiters): (raw: string) => Hl7Field {
  return (raw) => parseField(raw, delimiters);
}

/** Which segment a line is, for errors naming a field (`DG1(2)-3`). */
interface LineAt {
  readonly id: string;
  readonly occurrence: number;
  /** 1-based among all segments. */
  readonly position: number;
}

function limitError(
  at: LineAt,
  k: number,
  limit: 'maxRepetitions' | 'maxFieldLength',
  max: number,
) {
  const field = at.id === 'MSH' ? k + 1 : k;
  const where = `${at.id}${at.occurrence > 1 ? `(${at.occurrence})` : ''}-${field}`;
  const text =
    limit === 'maxRepetitions'
      ? `${where} has more than ${max} repetitions`
      : `${where} is longer than ${max} characters`;
  const location = { segment: at.id, sequence: at.occurrence, field };
  return new Hl7LimitError(text, limit, at.position, location);
}

/**
 * Appends to `bounds` where the fields of `line` are (the separator before each, then the end of
 * the last), checked against the limits in one pass over its characters: nothing is built.
 * Fields past `MAX_FIELDS` are left out. Answers how many positions it appended.
 */
function fieldBounds(
  line: string,
  d: Delimiters,
  limits: Hl7Limits,
  at: LineAt,
  bounds: number[],
): number {
  const separator = d.field.charCodeAt(0);
  const repetition = d.repetition.charCodeAt(0);
  const first = line.indexOf(d.field);
  if (first < 0) return 0;
  let last = first;
  let count = 1;
  let repetitions = 1;
  bounds.push(first);
  for (let index = first + 1; index <= line.length; index += 1) {
    const code = index < line.length ? line.charCodeAt(index) : separator;
    if (index - last - 1 > limits.maxFieldLength)
      throw limitError(at, count, 'maxFieldLength', limits.maxFieldLength);
    if (code === repetition && ++repetitions > limits.maxRepetitions)
      throw limitError(at, count, 'maxRepetitions', limits.maxRepetitions);
    if (code !== separator) continue;
    bounds.push(index);
    [last, count, repetitions] = [index, count + 1, 1];
    if (count > MAX_FIELDS) break;
  }
  return count;
}

function delimitersOf(header: string): Delimiters {
  if (!header.startsWith('MSH') || header.length < 8) {
    throw new Hl7ParseError('the message does not start with an MSH segment', 1);
  }
  const fieldSeparator = header.charAt(3);
  const encoding = header.slice(4).split(fieldSeparator, 1)[0] ?? '';
  const delimiters = delimitersFrom(fieldSeparator, encoding);
  if (!delimiters) {
    throw new Hl7ParseError('MSH-1/MSH-2 do not hold usable encoding characters (e.g. |^~\\&)', 1);
  }
  return delimiters;
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
  const delimiters = delimitersOf(lines[0] ?? '');
  const occurrences = new Map<string, number>();
  const all: number[] = [];
  const read = lines.map((line, index) => {
    const separator = line.indexOf(delimiters.field);
    const id = separator < 0 ? line : line.slice(0, separator);
    if (!SEGMENT_ID.test(id)) {
      throw new Hl7ParseError(`segment ${index + 1} has no valid segment id`, index + 1);
    }
    const occurrence = (occurrences.get(id) ?? 0) + 1;
    occurrences.set(id, occurrence);
    const from = all.length;
    const count = fieldBounds(
      line,
      delimiters,
      limits,
      { id, occurrence, position: index + 1 },
      all,
    );
    return { id, line, from, count };
  });
  const bounds = Int32Array.from(all);
  // A closure made here would keep this scope (`all`...) alive with the message.
  const parse = fieldParser(delimiters);
  const segments = read.map(
    ({ id, line, from, count }) => new Hl7Segment(id, { line, bounds, from, count, parse }),
  );
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
