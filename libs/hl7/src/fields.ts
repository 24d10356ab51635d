import type { Hl7Message, Hl7Segment } from './message.js';

/** Fields of the segments of these structures in v2.5.1; fields past them are ignored. */
export const SEGMENT_FIELD_COUNTS: Readonly<Record<string, number>> = {
  MSH: 21,
  SFT: 6,
  EVN: 7,
  PID: 39,
  PD1: 21,
  ROL: 12,
  NK1: 39,
  PV1: 52,
  PV2: 49,
  DB1: 8,
  OBX: 25,
  AL1: 6,
  DG1: 21,
  DRG: 11,
  PR1: 20,
  GT1: 57,
  IN1: 53,
  IN2: 72,
  IN3: 28,
  ACC: 11,
  UB1: 23,
  UB2: 17,
  PDA: 9,
};

/** A field's v2.5.1 shape: whether it repeats and how many components its data type has. */
interface FieldShape {
  readonly repeating: boolean;
  readonly components: number;
}

const one = (components: number): FieldShape => ({ repeating: false, components });
const many = (components: number): FieldShape => ({ repeating: true, components });
const TS = one(2);
const CE = one(6);
const IS = one(1);

/**
 * The shapes (v2.5.1 data types) of the fields an ADT receiver reads: a repetition of a field that
 * does not repeat, or a component past its type's last, is ignored and listed.
 */
export const ADT_FIELD_SHAPES: Readonly<Record<string, Readonly<Record<number, FieldShape>>>> = {
  MSH: { 9: one(3), 10: one(1), 11: one(2), 12: one(3) },
  EVN: { 2: TS, 6: TS },
  PID: { 3: many(10) },
  PV1: { 2: IS, 3: one(11), 6: one(11), 7: many(23), 10: IS, 19: one(10), 36: IS, 44: TS },
  PV2: { 8: TS },
  DG1: { 3: CE, 6: IS, 15: one(1) },
  PR1: { 3: CE, 5: TS, 11: many(23), 19: one(4) },
  IN1: { 1: one(1), 2: CE, 3: many(10) },
  ROL: { 3: CE, 4: many(23) },
};

/** `ADT_FIELD_SHAPES` as lists of [position, shape] per segment id. */
const SHAPES_BY_SEGMENT: ReadonlyMap<string, readonly (readonly [number, FieldShape])[]> = new Map(
  Object.entries(ADT_FIELD_SHAPES).map(([id, shapes]) => [
    id,
    Object.entries(shapes).map(([position, shape]) => [Number(position), shape] as const),
  ]),
);

/** Fields past the segment's last one that hold text: `PV1-53 to PV1-60`. */
function extraFields(segment: Hl7Segment): string[] {
  const count = SEGMENT_FIELD_COUNTS[segment.id];
  if (count === undefined || segment.fieldCount <= count) return [];
  let last = segment.fieldCount;
  while (last > count && !segment.has(last)) last -= 1;
  if (last <= count) return [];
  return [`${segment.id}-${count + 1}${last > count + 1 ? ` to ${segment.id}-${last}` : ''}`];
}

/** Repetitions and components past a field's shape that hold text: `PV1-19 repetition 2`. */
function pastShape(segment: Hl7Segment, position: number, shape: FieldShape): string[] {
  const where = `${segment.id}-${position}`;
  const field = segment.field(position);
  const found: string[] = [];
  const text = (parts: readonly (readonly string[])[]): boolean =>
    parts.some((sub) => sub.some((s) => s !== ''));
  if (!shape.repeating && field.slice(1).some(text))
    found.push(`${where} repetitions after the first`);
  if (field.some((repetition) => text(repetition.slice(shape.components))))
    found.push(`${where} components after ${where}.${shape.components}`);
  return found;
}

/**
 * What a receiver ignores inside the segments it reads (not those at `skip`, 1-based): fields past
 * a segment's last, repetitions of a field that does not repeat and components past a field's
 * type, for the fields in `ADT_FIELD_SHAPES`; each with its segment's position.
 */
export function ignoredParts(message: Hl7Message, skip: ReadonlySet<number>): string[] {
  return message.segments.flatMap((segment, index) => {
    if (skip.has(index + 1)) return [];
    const shapes = SHAPES_BY_SEGMENT.get(segment.id) ?? [];
    const parts = [
      ...shapes.flatMap(([position, shape]) => pastShape(segment, position, shape)),
      ...extraFields(segment),
    ];
    return parts.map((part) => `${part} (segment ${index + 1})`);
  });
}
