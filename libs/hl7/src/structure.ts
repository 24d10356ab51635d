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

  private node(node: StructureNode, at: number): Match {
    if (this.entries[at]?.id !== firstSegment(node)) return { ok: false };
    return node.kind === 'segment' ? { ok: true, next: at + 1 } : this.sequence(node.children, at);
  }

  private missing(segment: string, at: number): void {
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
 * Checks segment order and cardinality against a structure; Z-segments are ignored wherever they
 * are. Returns the first violation (a later one could only be a consequence), or none.
 */
export function validateStructure(
  message: Hl7Message,
  structure: AdtStructureId,
): StructureViolation[] {
  const entries = message.segments
    .map((segment, index) => ({ id: segment.id, position: index + 1 }))
    .filter((entry) => !entry.id.startsWith('Z'));
  const matcher = new Matcher(entries, structure, message.segments.length + 1);
  const result = matcher.sequence(parseStructure(ADT_STRUCTURES[structure]), 0);
  if (matcher.violation) return [matcher.violation];
  const extra = result.ok ? entries[result.next] : undefined;
  if (!extra) return [];
  const occurrence = entries.filter((e) => e.id === extra.id && e.position <= extra.position);
  const after = entries[(result.ok ? result.next : 0) - 1]?.id ?? 'the start';
  return [
    {
      segment: extra.id,
      position: extra.position,
      occurrence: occurrence.length,
      kind: 'unexpected',
      message: `segment ${extra.id} at position ${extra.position} is not allowed after ${after} (${structure})`,
    },
  ];
}
