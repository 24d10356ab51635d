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

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

function parseField(raw: string, d: Delimiters): Hl7Field {
  if (raw === '') return [];
  return raw
    .split(d.repetition)
    .map((repetition) =>
      repetition
        .split(d.component)
        .map((component) => component.split(d.subcomponent).map((s) => unescapeValue(s, d))),
    );
}

/**
 * Parses an HL7 v2 message: delimiters from MSH-1/MSH-2, segments separated by CR (LF and CRLF
 * accepted too, blank lines skipped), fields, repetitions, components and subcomponents, escape
 * sequences resolved (see `unescapeValue`). MSH-1 and MSH-2 are kept as they were written.
 * Throws `Hl7ParseError` when the text does not start with a usable MSH or a segment id is invalid.
 */
export function parseHl7(text: string): Hl7Message {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const header = lines[0] ?? '';
  if (!header.startsWith('MSH') || header.length < 8) {
    throw new Hl7ParseError('the message does not start with an MSH segment', 1);
  }
  const fieldSeparator = header.charAt(3);
  const encoding = header.slice(4).split(fieldSeparator, 1)[0] ?? '';
  const delimiters = delimitersFrom(fieldSeparator, encoding);
  if (!delimiters) {
    throw new Hl7ParseError('MSH-1/MSH-2 do not hold usable encoding characters (e.g. |^~\\&)', 1);
  }
  const segments = lines.map((line, index) => {
    const [id = '', ...fields] = line.split(delimiters.field);
    if (!SEGMENT_ID.test(id)) {
      throw new Hl7ParseError(`segment ${index + 1} has no valid segment id`, index + 1);
    }
    if (id === 'MSH' && index === 0) {
      const [, ...rest] = fields; // the encoding characters, kept verbatim
      return new Hl7Segment(id, [
        [[[fieldSeparator]]],
        [[[encoding]]],
        ...rest.map((f) => parseField(f, delimiters)),
      ]);
    }
    return new Hl7Segment(
      id,
      fields.map((f) => parseField(f, delimiters)),
    );
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
