// Avro schema resolution as the registry judges it: the same verdicts as Java Avro's
// SchemaCompatibility.checkReaderWriterCompatibility, which Apicurio (AvroCompatibilityChecker) and
// Confluent call with (proposed, existing) for BACKWARD and (existing, proposed) for FORWARD.
// Verdicts follow Java exactly; messages are ours and name the field that breaks.
//
// Java quirks kept on purpose (they decide the registry's verdict):
// - named types match on their unqualified name, or a reader alias equal to the writer's full name
//   (a namespace move alone is compatible);
// - logical types are ignored: only the underlying type counts;
// - a reader field missing from the writer needs a `default`; an enum default does not stand in for
//   it (Java then compares the enum with the writer record, which always fails);
// - recursive types: a reader/writer pair already being checked counts as compatible.
import { describeNode as describe, isPrimitive, shortName } from '@meridian/contracts';
import type { AvroJson, FieldNode, Named, Node, Primitive } from '@meridian/contracts';
import { parseSchema } from './avro-graph.ts';
import type { CompatibilityMode } from './catalog.ts';

export { SchemaParseError } from './avro-graph.ts';

export type IncompatibilityKind =
  | 'NAME_MISMATCH'
  | 'FIXED_SIZE_MISMATCH'
  | 'MISSING_ENUM_SYMBOLS'
  | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH'
  | 'MISSING_UNION_BRANCH';

export interface Incompatibility {
  readonly kind: IncompatibilityKind;
  /** Where in the reader schema: the root's name, `.field`, `[]` for array items, `{}` for map values. */
  readonly path: string;
  /** The innermost field on the path (the field that breaks); undefined at the root. */
  readonly field: string | undefined;
  readonly message: string;
}

/** The writer types a reader type accepts besides itself (Avro spec "Schema Resolution"). */
const PROMOTIONS: Readonly<Record<Primitive, readonly Primitive[]>> = {
  null: [],
  boolean: [],
  int: [],
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  bytes: ['string'],
  string: ['bytes'],
};

/** Java's schemaNameEquals: same unqualified name, or a reader alias equal to the writer's full name. */
function sameName(r: Node, w: Node): boolean {
  if (!('fullName' in r) || !('fullName' in w)) return true;
  return shortName(r.fullName) === shortName(w.fullName) || r.aliases.includes(w.fullName);
}

interface Location {
  readonly path: string;
  readonly field: string | undefined;
}
const IN_PROGRESS: readonly Incompatibility[] = Object.freeze([]);

/**
 * Everything that stops `reader` from reading data written with `writer`; empty when it can.
 */
export function checkReaderWriter(reader: AvroJson, writer: AvroJson): Incompatibility[] {
  const readerNode = parseSchema(reader);
  const writerNode = parseSchema(writer);
  const memo = new Map<Node, Map<Node, readonly Incompatibility[]>>();

  const check = (r: Node, w: Node, at: Location): readonly Incompatibility[] => {
    let row = memo.get(r);
    if (!row) memo.set(r, (row = new Map()));
    const known = row.get(w);
    if (known) return known; // IN_PROGRESS (recursion) is empty: compatible unless proven otherwise
    row.set(w, IN_PROGRESS);
    const result = calculate(r, w, at);
    row.set(w, result);
    return result;
  };

  const problem = (kind: IncompatibilityKind, at: Location, message: string): Incompatibility[] => [
    { kind, path: at.path, field: at.field, message },
  ];

  const names = (r: Node & Named, w: Node & Named, at: Location): Incompatibility[] =>
    sameName(r, w)
      ? []
      : problem(
          'NAME_MISMATCH',
          at,
          `reader ${r.kind} '${r.fullName}' does not match writer ${w.kind} '${w.fullName}' (no reader alias names it)`,
        );

  /** The reader union branch Avro would resolve a writer type to, for a precise message. */
  const likelyBranch = (branches: readonly Node[], w: Node): Node | undefined =>
    branches.find((b) => b.kind === w.kind && sameName(b, w));

  const readerUnion = (
    r: Node & { kind: 'union' },
    w: Node,
    at: Location,
  ): readonly Incompatibility[] => {
    for (const branch of r.branches) if (check(branch, w, at).length === 0) return [];
    const closest = likelyBranch(r.branches, w);
    return closest
      ? check(closest, w, at)
      : problem(
          'MISSING_UNION_BRANCH',
          at,
          `reader ${describe(r)} has no branch for writer type ${describe(w)}`,
        );
  };

  const fields = (
    r: Node & { kind: 'record' },
    w: Node & { kind: 'record' },
    at: Location,
  ): Incompatibility[] => {
    const out: Incompatibility[] = [];
    for (const field of r.fields) {
      const here: Location = { path: `${at.path}.${field.name}`, field: field.name };
      const matches = [field.name, ...field.aliases]
        .map((name) => w.fields.find((f) => f.name === name))
        .filter((f): f is FieldNode => f !== undefined);
      if (matches.length > 1) {
        out.push(
          ...problem(
            'TYPE_MISMATCH',
            here,
            `reader field '${field.name}' matches several writer fields (${matches.map((f) => f.name).join(', ')})`,
          ),
        );
      } else if (matches[0]) {
        out.push(...check(field.type, matches[0].type, here));
      } else if (!field.hasDefault) {
        out.push(
          ...problem(
            'READER_FIELD_MISSING_DEFAULT_VALUE',
            here,
            `reader field '${field.name}' has no default and is missing from the writer`,
          ),
        );
      }
    }
    return out;
  };

  const calculate = (r: Node, w: Node, at: Location): readonly Incompatibility[] => {
    if (r.kind === 'union' && w.kind === 'union') {
      // Every writer branch must be readable by the reader union.
      return w.branches.flatMap((branch) => readerUnion(r, branch, at));
    }
    if (w.kind === 'union') return w.branches.flatMap((branch) => check(r, branch, at));
    if (r.kind === 'union') return readerUnion(r, w, at);
    if (r.kind === 'array' && w.kind === 'array')
      return check(r.items, w.items, { ...at, path: `${at.path}[]` });
    if (r.kind === 'map' && w.kind === 'map')
      return check(r.values, w.values, { ...at, path: `${at.path}{}` });
    if (r.kind === 'fixed' && w.kind === 'fixed') {
      const size =
        r.size === w.size
          ? []
          : problem(
              'FIXED_SIZE_MISMATCH',
              at,
              `reader fixed '${r.fullName}' has size ${r.size}, writer size ${w.size}`,
            );
      return [...names(r, w, at), ...size];
    }
    if (r.kind === 'enum' && w.kind === 'enum') {
      const missing = w.symbols.filter((s) => !r.symbols.includes(s)).sort();
      const covered =
        missing.length === 0 || (r.default !== undefined && r.symbols.includes(r.default));
      const symbols = covered
        ? []
        : problem(
            'MISSING_ENUM_SYMBOLS',
            at,
            `reader enum '${r.fullName}' lacks writer symbols [${missing.join(', ')}] and has no default symbol`,
          );
      return [...names(r, w, at), ...symbols];
    }
    if (r.kind === 'record' && w.kind === 'record')
      return [...names(r, w, at), ...fields(r, w, at)];
    if (
      isPrimitive(r.kind) &&
      (r.kind === w.kind || (isPrimitive(w.kind) && PROMOTIONS[r.kind].includes(w.kind)))
    ) {
      return [];
    }
    return problem(
      'TYPE_MISMATCH',
      at,
      `reader type ${describe(r)} cannot read writer type ${describe(w)}`,
    );
  };

  const root: Location = {
    path: 'fullName' in readerNode ? shortName(readerNode.fullName) : readerNode.kind,
    field: undefined,
  };
  const seen = new Set<string>();
  return check(readerNode, writerNode, root).filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export function formatIncompatibility(problem: Incompatibility): string {
  return `${problem.path}: ${problem.message}`;
}

/** backward: the new schema reads data written with the earlier one; forward: the earlier reads the new. */
export type Direction = 'backward' | 'forward';

export interface VersionIncompatibility {
  /** Index into the `earlier` list given to checkCompatibility. */
  readonly against: number;
  readonly direction: Direction;
  readonly incompatibilities: readonly Incompatibility[];
}

export function directions(mode: CompatibilityMode): readonly Direction[] {
  switch (mode) {
    case 'BACKWARD':
    case 'BACKWARD_TRANSITIVE':
      return ['backward'];
    case 'FORWARD':
    case 'FORWARD_TRANSITIVE':
      return ['forward'];
    case 'FULL':
    case 'FULL_TRANSITIVE':
      return ['backward', 'forward'];
    case 'NONE':
      return [];
  }
}

export const isTransitive = (mode: CompatibilityMode): boolean => mode.endsWith('_TRANSITIVE');

/** Which of `count` earlier versions (oldest first) a mode compares against: all, or the latest. */
export function versionsToCompare(
  mode: CompatibilityMode,
  count: number,
  latest = count - 1,
): number[] {
  if (mode === 'NONE' || count === 0) return [];
  return isTransitive(mode) ? [...Array(count).keys()] : [latest];
}

/**
 * Checks `proposed` against earlier versions (oldest first) under a registry compatibility mode.
 * Non-transitive modes compare with `latest` (default: the last of `earlier`).
 */
export function checkCompatibility(
  mode: CompatibilityMode,
  proposed: AvroJson,
  earlier: readonly AvroJson[],
  latest?: number,
): VersionIncompatibility[] {
  const out: VersionIncompatibility[] = [];
  for (const index of versionsToCompare(mode, earlier.length, latest)) {
    const previous = earlier[index] ?? null;
    for (const direction of directions(mode)) {
      const incompatibilities =
        direction === 'backward'
          ? checkReaderWriter(proposed, previous)
          : checkReaderWriter(previous, proposed);
      if (incompatibilities.length > 0) out.push({ against: index, direction, incompatibilities });
    }
  }
  return out;
}
