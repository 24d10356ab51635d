import { ignoredParts } from './fields.js';
import type { Hl7Message } from './message.js';

/**
 * Abstract message syntax of the ADT events this platform reads, from HL7 v2.5.1 chapter 3, in the
 * standard's notation: `[ ]` optional, `{ }` repeating, a bracket around several segments a group.
 * `[{SFT}]` (software segment) follows MSH in every v2.5 message.
 */
export const ADT_STRUCTURES = {
  ADT_A01:
    'MSH [{SFT}] EVN PID [PD1] [{ROL}] [{NK1}] PV1 [PV2] [{ROL}] [{DB1}] [{OBX}] [{AL1}] [{DG1}] [DRG] [{PR1 [{ROL}]}] [{GT1}] [{IN1 [IN2] [{IN3}] [ROL]}] [ACC] [UB1] [UB2] [PDA]',
  ADT_A02: 'MSH [{SFT}] EVN PID [PD1] PV1 [PV2] [{DB1}] [{OBX}] [PDA]',
  ADT_A03:
    'MSH [{SFT}] EVN PID [PD1] [{ROL}] [{NK1}] PV1 [PV2] [{ROL}] [{DB1}] [{AL1}] [{DG1}] [DRG] [{PR1 [{ROL}]}] [{OBX}] [{GT1}] [{IN1 [IN2] [{IN3}] [ROL]}] [ACC] [PDA]',
  ADT_A09: 'MSH [{SFT}] EVN PID [PD1] PV1 [PV2] [{DB1}] [{OBX}] [{DG1}]',
} as const;

export type AdtStructureId = keyof typeof ADT_STRUCTURES;

/** The message structure of each supported ADT trigger event (MSH-9.2 -> MSH-9.3). */
export const ADT_EVENT_STRUCTURES = {
  A01: 'ADT_A01',
  A02: 'ADT_A02',
  A03: 'ADT_A03',
  A04: 'ADT_A01',
  A08: 'ADT_A01',
  A11: 'ADT_A09',
  A13: 'ADT_A01',
} as const satisfies Record<string, AdtStructureId>;

export type AdtEvent = keyof typeof ADT_EVENT_STRUCTURES;

export function isAdtEvent(trigger: string): trigger is AdtEvent {
  return Object.hasOwn(ADT_EVENT_STRUCTURES, trigger);
}

/** One element of a structure: a segment or a group, optional and/or repeating. */
export type StructureNode =
  | { readonly kind: 'segment'; readonly id: string; optional: boolean; repeating: boolean }
  | {
      readonly kind: 'group';
      readonly children: readonly StructureNode[];
      optional: boolean;
      repeating: boolean;
    };

const CLOSING: Record<string, string> = { '[': ']', '{': '}' };

/** Reads the standard's notation (`MSH EVN [{ROL}] [{PR1 [{ROL}]}]`) into nodes. */
export function parseStructure(notation: string): StructureNode[] {
  const tokens = notation.match(/[[\]{}]|[A-Z][A-Z0-9]{2}/g) ?? [];
  let index = 0;
  const sequence = (until: string | undefined): StructureNode[] => {
    const nodes: StructureNode[] = [];
    while (index < tokens.length && tokens[index] !== until) {
      const token = tokens[index++] ?? '';
      const closing = CLOSING[token];
      if (closing === undefined) {
        nodes.push({ kind: 'segment', id: token, optional: false, repeating: false });
        continue;
      }
      const inner = sequence(closing);
      if (tokens[index++] !== closing) throw new Error(`unbalanced '${token}' in ${notation}`);
      const only = inner[0];
      const node: StructureNode =
        inner.length === 1 && only
          ? only
          : { kind: 'group', children: inner, optional: false, repeating: false };
      if (node.kind === 'group' && node.children[0]?.optional !== false) {
        throw new Error(`a group must start with a required segment in ${notation}`);
      }
      if (token === '[') node.optional = true;
      else node.repeating = true;
      nodes.push(node);
    }
    return nodes;
  };
  return sequence(undefined);
}

/** A segment out of place: the segment id and its 1-based position in the message. */
export interface StructureViolation {
  /** The segment that is missing (expected) or not allowed (found). */
  readonly segment: string;
  /** 1-based position among all segments (Z-segments counted) where it is missing or found. */
  readonly position: number;
  /** For a segment found out of place: which occurrence of that id it is (ERR-2 `OBX^2`). */
  readonly occurrence: number;
  readonly kind: 'missing' | 'unexpected';
  readonly message: string;
}

interface Entry {
  readonly id: string;
  readonly position: number;
}

/**
 * `strict`: a segment the structure does not allow where it is found rejects the message.
 * `lenient` (HL7 v2 message construction rules, 2.10.1): such a segment is ignored and listed;
 * a required segment that is missing still rejects it. Z-segments and fields past a segment's
 * last field are ignored (and listed) in both modes.
 */
export type StructureMode = 'lenient' | 'strict';

/** What `validateStructure` found. */
export interface StructureCheck {
  /** The first violation, if any (a later one could only be a consequence). */
  readonly violations: readonly StructureViolation[];
  /** What the message holds that is ignored: `IN1 (segment 5)`, `PV1-53 to PV1-60 (segment 4)`. */
  readonly ignored: readonly string[];
  /** 1-based positions of the segments ignored, to read the message without them. */
  readonly ignoredSegments: ReadonlySet<number>;
}

type Match = { readonly ok: true; readonly next: number } | { readonly ok: false };

function firstSegment(node: StructureNode): string {
  return node.kind === 'segment' ? node.id : firstSegment(node.children[0] ?? node);
}

class Matcher {
  violation: StructureViolation | undefined;

  constructor(
    private readonly entries: readonly Entry[],
    private readonly structure: string,
    private readonly positionAtEnd: number,
  ) {}

  /** Greedy: each node takes as many segments as it can, in order (HL7 grammars allow it). */
  sequence(nodes: readonly StructureNode[], start: number): Match {
    let at = start;
    for (const node of nodes) {
      let count = 0;
      for (;;) {
        const match = this.node(node, at);
        if (this.violation) return { ok: false };
        if (!match.ok) break;
        at = match.next;
        count += 1;
        if (!node.repeating) break;
      }
      if (count === 0 && !node.optional) {
        this.missing(firstSegment(node), at);
        return { ok: false };
      }
    }
    return { ok: true, next: at };
  }

  node(node: StructureNode, at: number): Match {
    if (this.entries[at]?.id !== firstSegment(node)) return { ok: false };
    return node.kind === 'segment' ? { ok: true, next: at + 1 } : this.sequence(node.children, at);
  }

  missing(segment: string, at: number): void {
    const found = this.entries[at];
    const position = found?.position ?? this.positionAtEnd;
    this.violation = {
      segment,
      position,
      occurrence: 1,
      kind: 'missing',
      message: found
        ? `required segment ${segment} is missing: found ${found.id} at position ${position} (${this.structure})`
        : `required segment ${segment} is missing at the end of the message (${this.structure})`,
    };
  }
}

/**
 * Walks the top-level nodes of a structure over the segments: each segment goes to the next node
 * that can take it (a group takes what follows as far as it can). A segment no node can take is
 * out of place: a violation in strict mode, ignored in lenient mode, as is one that comes before
 * a required segment found later (out of order).
 */
class StructureWalk {
  readonly ignored: Entry[] = [];
  private node = 0;
  private taken = 0;
  private readonly lastPosition = new Map<string, number>();

  constructor(
    private readonly entries: readonly Entry[],
    private readonly nodes: readonly StructureNode[],
    private readonly matcher: Matcher,
    private readonly mode: StructureMode,
  ) {
    entries.forEach((entry, index) => this.lastPosition.set(entry.id, index));
  }

  run(structure: string): StructureViolation | undefined {
    let at = 0;
    while (at < this.entries.length) {
      const entry = this.entries[at] as Entry;
      const target = this.target(entry.id);
      const skipped = target === undefined ? undefined : this.requiredBefore(target);
      if (target === undefined || (skipped && this.comesLater(skipped, at))) {
        if (this.mode === 'strict') return this.unexpected(at, structure);
        this.ignored.push(entry);
        at += 1;
        continue;
      }
      if (skipped) {
        this.matcher.missing(firstSegment(skipped), at);
        return this.matcher.violation;
      }
      const match = this.matcher.node(this.nodes[target] as StructureNode, at);
      if (this.matcher.violation || !match.ok) return this.matcher.violation;
      this.taken = target === this.node ? this.taken + 1 : 1;
      this.node = target;
      at = match.next;
    }
    const missing = this.requiredBefore(this.nodes.length);
    if (missing !== undefined) this.matcher.missing(firstSegment(missing), at);
    return this.matcher.violation;
  }

  /** The node that can take a segment `id` next: the current one again if it repeats, or a later one. */
  private target(id: string): number | undefined {
    const from = this.taken > 0 && !this.nodes[this.node]?.repeating ? this.node + 1 : this.node;
    for (let index = from; index < this.nodes.length; index += 1) {
      if (firstSegment(this.nodes[index] as StructureNode) === id) return index;
    }
    return undefined;
  }

  /** The first required node not taken yet before `target`. */
  private requiredBefore(target: number): StructureNode | undefined {
    const from = this.taken > 0 ? this.node + 1 : this.node;
    return this.nodes.slice(from, target).find((node) => !node.optional);
  }

  /** Whether the skipped required segment still comes later in the message (out of order). */
  private comesLater(node: StructureNode, at: number): boolean {
    return this.mode === 'lenient' && (this.lastPosition.get(firstSegment(node)) ?? -1) > at;
  }

  private unexpected(at: number, structure: string): StructureViolation {
    const extra = this.entries[at] as Entry;
    const occurrence = this.entries.slice(0, at + 1).filter((e) => e.id === extra.id).length;
    const after = this.entries[at - 1]?.id ?? 'the start';
    return {
      segment: extra.id,
      position: extra.position,
      occurrence,
      kind: 'unexpected',
      message: `segment ${extra.id} at position ${extra.position} is not allowed after ${after} (${structure})`,
    };
  }
}

/** Each structure's nodes, read from its notation once. */
const STRUCTURE_NODES = new Map<AdtStructureId, readonly StructureNode[]>();

function nodesOf(structure: AdtStructureId): readonly StructureNode[] {
  let nodes = STRUCTURE_NODES.get(structure);
  if (!nodes) STRUCTURE_NODES.set(structure, (nodes = parseStructure(ADT_STRUCTURES[structure])));
  return nodes;
}

/**
 * Checks segment order and cardinality against a structure (`lenient` by default, see
 * `StructureMode`), and lists what is ignored: Z-segments wherever they are, segments out of
 * place (lenient), fields past a segment's last one, repetitions and components past what the
 * fields an ADT receiver reads hold (see `ignoredParts`).
 */
export function validateStructure(
  message: Hl7Message,
  structure: AdtStructureId,
  mode: StructureMode = 'lenient',
): StructureCheck {
  const all = message.segments.map((segment, index) => ({ id: segment.id, position: index + 1 }));
  const zSegments = all.filter((entry) => entry.id.startsWith('Z'));
  const entries = all.filter((entry) => !entry.id.startsWith('Z'));
  const matcher = new Matcher(entries, structure, message.segments.length + 1);
  const walk = new StructureWalk(entries, nodesOf(structure), matcher, mode);
  const violation = walk.run(structure);
  const skipped = [...zSegments, ...walk.ignored].sort((a, b) => a.position - b.position);
  const ignoredSegments = new Set(skipped.map((entry) => entry.position));
  const ignored = [
    ...skipped.map((entry) => `${entry.id} (segment ${entry.position})`),
    ...ignoredParts(message, ignoredSegments),
  ];
  return { violations: violation ? [violation] : [], ignored, ignoredSegments };
}
