import { DEFAULT_DELIMITERS, encodingCharacters } from './encoding.js';
import type { Delimiters } from './encoding.js';

/** One component: its subcomponents, unescaped. */
export type Hl7Component = readonly string[];
/** One repetition of a field: its components. */
export type Hl7Repetition = readonly Hl7Component[];
/** A field: its repetitions; `[]` when the field is empty. */
export type Hl7Field = readonly Hl7Repetition[];

/** What a field is built from: text (one component), components, or a whole field. */
export type FieldInput = string | readonly string[] | Hl7Field | null | undefined;

/** A field from text (one component), a list of components, or a field as it is. */
export function toField(input: FieldInput): Hl7Field {
  if (input === null || input === undefined || input === '') return [];
  if (typeof input === 'string') return [[[input]]];
  if (input.length === 0) return [];
  if (input.every((item) => typeof item === 'string')) {
    return [(input as readonly string[]).map((component) => [component])];
  }
  return input as Hl7Field;
}

/** A repeating field from the components of each repetition. */
export function repeated(...repetitions: readonly (readonly string[])[]): Hl7Field {
  return repetitions.map((components) => components.map((component) => [component]));
}

/** A position inside a segment, 1-based as HL7 counts: `PID-3(2).4.1` is field 3, repetition 2... */
export interface FieldPosition {
  readonly field: number;
  readonly repetition?: number;
  readonly component?: number;
  readonly subcomponent?: number;
}

/** A segment and the position in it: `DG1(2)-3.1` is field 3, component 1 of the 2nd DG1. */
export interface Hl7Path extends FieldPosition {
  readonly segment: string;
  /** Which occurrence of the segment, 1-based; default 1. */
  readonly occurrence?: number;
}

const PATH = /^([A-Z][A-Z0-9]{2})(?:\((\d+)\))?-(\d+)(?:\((\d+)\))?(?:\.(\d+))?(?:\.(\d+))?$/;

/**
 * Reads `SEG[(occurrence)]-field[(repetition)][.component[.subcomponent]]`, e.g. `PID-3`,
 * `PV1-19.1`, `PID-3(2).4`, `DG1(2)-3.1`; throws on anything else.
 */
export function parsePath(path: string): Hl7Path {
  const match = PATH.exec(path);
  const numbers = match?.slice(2).map((n) => (n === undefined ? undefined : Number(n)));
  if (!match || !numbers || numbers.some((n) => n === 0)) {
    throw new Error(`'${path}' is not an HL7 path like PID-3.1 or DG1(2)-3(1).1`);
  }
  const [occurrence, field = 0, repetition, component, subcomponent] = numbers;
  return { segment: match[1] ?? '', occurrence, field, repetition, component, subcomponent };
}

/** One segment: its id and fields; `fields[0]` is field 1 (for MSH, MSH-1 the field separator). */
export class Hl7Segment {
  constructor(
    readonly id: string,
    readonly fields: readonly Hl7Field[],
  ) {}

  /** A segment from field inputs, field 1 first (for MSH, start with MSH-3: see `Hl7Message.create`). */
  static of(id: string, fields: readonly FieldInput[]): Hl7Segment {
    return new Hl7Segment(id, fields.map(toField));
  }

  /** Field `position` (1-based); `[]` when absent or empty. */
  field(position: number): Hl7Field {
    return this.fields[position - 1] ?? [];
  }

  /** The text at a position (default repetition, component and subcomponent 1); `''` when absent. */
  value(position: FieldPosition | number): string {
    const p = typeof position === 'number' ? { field: position } : position;
    const repetition = this.field(p.field)[(p.repetition ?? 1) - 1];
    return repetition?.[(p.component ?? 1) - 1]?.[(p.subcomponent ?? 1) - 1] ?? '';
  }

  /** Whether the field holds any text at all. */
  has(position: number): boolean {
    return this.field(position).some((rep) => rep.some((comp) => comp.some((s) => s !== '')));
  }
}

/** A parsed HL7 v2 message: segments in order, with the delimiters it was written with. */
export class Hl7Message {
  /** Segments by id, in order: built once, so a lookup does not scan the message. */
  private readonly byId = new Map<string, Hl7Segment[]>();

  constructor(
    readonly segments: readonly Hl7Segment[],
    readonly delimiters: Delimiters = DEFAULT_DELIMITERS,
  ) {
    for (const segment of segments) {
      const same = this.byId.get(segment.id);
      if (same) same.push(segment);
      else this.byId.set(segment.id, [segment]);
    }
  }

  /**
   * A message from an MSH (its fields from MSH-3 on) and other segments; MSH-1 and MSH-2 come from
   * `delimiters`.
   */
  static create(
    msh: readonly FieldInput[],
    segments: readonly Hl7Segment[],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
  ): Hl7Message {
    const header = Hl7Segment.of('MSH', [delimiters.field, encodingCharacters(delimiters), ...msh]);
    return new Hl7Message([header, ...segments], delimiters);
  }

  /** The `occurrence`th (1-based) segment with `id`, if there is one. */
  segment(id: string, occurrence = 1): Hl7Segment | undefined {
    return this.segmentsOf(id)[occurrence - 1];
  }

  /** Every segment with `id`, in order (a shared list: do not change it). */
  segmentsOf(id: string): readonly Hl7Segment[] {
    return this.byId.get(id) ?? [];
  }

  /** The same message without the segments at `positions` (1-based, as HL7 counts). */
  without(positions: ReadonlySet<number>): Hl7Message {
    if (positions.size === 0) return this;
    const kept = this.segments.filter((_, index) => !positions.has(index + 1));
    return new Hl7Message(kept, this.delimiters);
  }

  /** The text at an HL7 path (`PID-3.1`, `PV1-19.1`, `DG1(2)-3.1`); `''` when absent. */
  get(path: string | Hl7Path): string {
    const p = typeof path === 'string' ? parsePath(path) : path;
    return this.segment(p.segment, p.occurrence)?.value(p) ?? '';
  }

  /** MSH-9.1 and MSH-9.2, e.g. `ADT` and `A03`. */
  get messageType(): { readonly code: string; readonly trigger: string } {
    return { code: this.get('MSH-9.1'), trigger: this.get('MSH-9.2') };
  }

  /** MSH-10. */
  get controlId(): string {
    return this.get('MSH-10');
  }

  /** MSH-12.1, e.g. `2.5.1`. */
  get version(): string {
    return this.get('MSH-12.1');
  }
}
