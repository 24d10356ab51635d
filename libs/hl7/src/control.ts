import { boundOf } from './message.js';
import type { Hl7Message, Hl7Segment } from './message.js';

/**
 * A C0 control character or DEL but TAB and the line breaks (which end segments, or come from
 * `\.br\` and `\X0D\` in values): NUL, VT and FS (the MLLP block characters), ESC...
 */
function isControlCode(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

/** Whether a text holds a control character (see `findControlCharacter`). */
export function hasControlCharacter(text: string): boolean {
  return controlIndex(text) >= 0;
}

/** Where the first control character of a text is, or -1. */
function controlIndex(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    if (isControlCode(text.charCodeAt(index))) return index;
  }
  return -1;
}

/** The field (1-based, HL7 numbering) holding the first control character of a segment, or 0. */
function controlField(segment: Hl7Segment): number {
  const source = segment.line;
  if (!source) {
    const values = (position: number) => segment.field(position).flat(2);
    for (let position = 1; position <= segment.fieldCount; position += 1) {
      if (values(position).some(hasControlCharacter)) return position;
    }
    return 0;
  }
  const index = controlIndex(source.line);
  if (index < 0) return 0;
  let k = 0;
  while ((boundOf(source, k) ?? Infinity) < index) k += 1;
  return segment.id === 'MSH' ? k + 1 : k;
}

/**
 * The first field holding a control character as received (a NUL, the MLLP block characters...;
 * TAB is allowed), as `{ segment, sequence, field }`; undefined when there is none. One pass over
 * the text of parsed segments: no value is built.
 */
export function findControlCharacter(
  message: Hl7Message,
): { readonly segment: string; readonly sequence: number; readonly field: number } | undefined {
  const seen = new Map<string, number>();
  for (const segment of message.segments) {
    const sequence = (seen.get(segment.id) ?? 0) + 1;
    seen.set(segment.id, sequence);
    const field = controlField(segment);
    if (field > 0) return { segment: segment.id, sequence, field };
  }
  return undefined;
}
