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

/** Paths read before (the code's own: `MSH-10`...), each read once; a bounded memo. */
const knownPaths = new Map<string, Hl7Path>();
const MAX_KNOWN_PATHS = 1024;

/**
 * Reads `SEG[(occurrence)]-field[(repetition)][.component[.subcomponent]]`, e.g. `PID-3`,
 * `PV1-19.1`, `PID-3(2).4`, `DG1(2)-3.1`; throws on anything else.
 */
export function parsePath(path: string): Hl7Path {
  const known = knownPaths.get(path);
  if (known) return known;
  const match = PATH.exec(path);
  const numbers = match?.slice(2).map((n) => (n === undefined ? undefined : Number(n)));
  if (!match || !numbers || numbers.some((n) => n === 0)) {
    throw new Error(`'${path}' is not an HL7 path like PID-3.1 or DG1(2)-3(1).1`);
  }
  const [occurrence, field = 0, repetition, component, subcomponent] = numbers;
  const parsed = Object.freeze({
    segment: match[1] ?? '',
    occurrence,
    field,
    repetition,
    component,
    subcomponent,
  });
  if (knownPaths.size < MAX_KNOWN_PATHS) knownPaths.set(path, parsed);
  return parsed;
}

/**
 * A segment's line as received, with where its fields are: `count` positions from `from` in
 * `bounds` (shared by the message's segments): the separator before each field, then the end of
 * the last. Field k (in line order: for MSH, k = 1 is MSH-2) is the text between positions k - 1
 * and k. Fields are built when read, so a message costs little more than its text until its
 * values are used.
 */
export interface SegmentLine {
  readonly line: string;
  readonly bounds: Int32Array;
  readonly from: number;
  readonly count: number;
  /** Builds a field's value from its text (delimiters and escapes of the message). */
  readonly parse: (raw: string) => Hl7Field;
}

/** Position `k` of a segment line's bounds; undefined past them. */
export function boundOf(source: SegmentLine, k: number): number | undefined {
  return k >= 0 && k < source.count ? source.bounds[source.from + k] : undefined;
}

/** One segment: its id and fields; `fields[0]` is field 1 (for MSH, MSH-1 the field separator). */
export class Hl7Segment {
  private readonly given: readonly Hl7Field[] | undefined;
  private readonly source: SegmentLine | undefined;
  private built: Map<number, Hl7Field> | undefined;

  /** A segment from its fields, or from its line (fields built when read). */
  constructor(
    readonly id: string,
    fields: readonly Hl7Field[] | SegmentLine,
  ) {
    if (Array.isArray(fields)) this.given = fields as readonly Hl7Field[];
    else this.source = fields as SegmentLine;
  }

  /** A segment from field inputs, field 1 first (for MSH, start with MSH-3: see `Hl7Message.create`). */
  static of(id: string, fields: readonly FieldInput[]): Hl7Segment {
    return new Hl7Segment(id, fields.map(toField));
  }

  /** The segment's line as received, when it was parsed from text. */
  get line(): SegmentLine | undefined {
    return this.source;
  }

  /** How many fields the segment has (for MSH, MSH-1 and MSH-2 included). */
  get fieldCount(): number {
    if (this.given) return this.given.length;
    const count = (this.source?.count ?? 1) - 1;
    return this.isHeader ? count + 1 : count;
  }

  /** Every field, built (reading one with `field` builds only that one). */
  get fields(): readonly Hl7Field[] {
    return this.given ?? Array.from({ length: this.fieldCount }, (_, i) => this.field(i + 1));
  }

  /** Field `position` (1-based); `[]` when absent or empty. */
  field(position: number): Hl7Field {
    if (this.given) return this.given[position - 1] ?? [];
    const known = this.built?.get(position);
    if (known) return known;
    const field = this.build(position);
    (this.built ??= new Map()).set(position, field);
    return field;
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

  private get isHeader(): boolean {
    return this.id === 'MSH';
  }

  /** Field `position` from the line; MSH-1 is the separator, MSH-2 kept verbatim. */
  private build(position: number): Hl7Field {
    const source = this.source as SegmentLine;
    const { line } = source;
    if (this.isHeader && position === 1) return [[[line.charAt(boundOf(source, 0) ?? 3)]]];
    const k = this.isHeader ? position - 1 : position;
    const start = boundOf(source, k - 1);
    const end = boundOf(source, k);
    if (start === undefined || end === undefined || position < 1) return [];
    const raw = line.slice(start + 1, end);
    if (this.isHeader && position === 2) return [[[raw]]];
    return source.parse(raw);
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
