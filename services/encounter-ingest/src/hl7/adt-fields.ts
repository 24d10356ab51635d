import { isNpi } from '@meridian/contracts';
import {
  describeLocation,
  hasControlCharacter,
  Hl7TimestampError,
  parseHl7Timestamp,
} from '@meridian/hl7';
import type { ErrorLocation, Hl7ErrorCode, Hl7Message } from '@meridian/hl7';
import type { IngestIssue, IssueKind } from '../encounters/encounter-facts.js';

/** `SEG(n)-field`: a field of the nth segment with that id. */
export function at(
  segment: string,
  field: number,
  more: Omit<ErrorLocation, 'segment' | 'field'> = {},
): ErrorLocation {
  return { segment, field, ...more };
}

/** What a field holding a control character is told (also for one written `\X00\`). */
export const CONTROL_CHARACTER =
  'contains a control character (only TAB and line breaks are allowed)';

/**
 * Reads an ADT message's fields by location and collects every problem as an issue naming the
 * field (ERR-2 location, ERR-8 text), never its value.
 */
export class AdtFields {
  readonly issues: IngestIssue[] = [];

  constructor(
    readonly message: Hl7Message,
    private readonly timeZone: string,
  ) {}

  /**
   * Trimmed text at `location` (component 1 unless named); undefined when empty or `""`, or when it
   * holds a control character (written `\X00\`: a `datatype` issue, so none reaches an event).
   */
  text(location: ErrorLocation): string | undefined {
    const segment = this.message.segment(location.segment, location.sequence ?? 1);
    const value =
      segment
        ?.value({
          field: location.field ?? 1,
          repetition: location.repetition,
          component: location.component,
          subcomponent: location.subcomponent,
        })
        .trim() ?? '';
    if (hasControlCharacter(value)) {
      this.problem('datatype', location, CONTROL_CHARACTER);
      return undefined;
    }
    return value === '' || value === '""' ? undefined : value;
  }

  /** The text, or a `required` issue (ERR 101) when it is missing. */
  required(location: ErrorLocation): string | undefined {
    const value = this.text(location);
    if (value === undefined) this.problem('required', location, 'is required');
    return value;
  }

  /** A DTM/TS (local times in the facility zone), or a `datatype` issue (ERR 102); null when empty. */
  timestamp(location: ErrorLocation, required = false): Date | null {
    const value = required ? this.required(location) : this.text(location);
    if (value === undefined) return null;
    try {
      return parseHl7Timestamp(value, { timeZone: this.timeZone });
    } catch (error) {
      if (!(error instanceof Hl7TimestampError)) throw error;
      this.problem('datatype', location, 'is not a valid HL7 timestamp');
      return null;
    }
  }

  /** How many repetitions a field has. */
  repetitions(location: ErrorLocation): number {
    const segment = this.message.segment(location.segment, location.sequence ?? 1);
    return segment?.field(location.field ?? 1).length ?? 0;
  }

  /**
   * The NPI of an XCN field: XCN.1 of the repetition whose XCN.13 is `NPI` (which must then be a
   * valid NPI), else XCN.1 of the first repetition when it is an NPI; null otherwise.
   */
  npi(location: ErrorLocation): string | null {
    const count = this.repetitions(location);
    for (let repetition = 1; repetition <= count; repetition += 1) {
      if (this.text({ ...location, repetition, component: 13 }) !== 'NPI') continue;
      const id = { ...location, repetition, component: 1 };
      const value = this.text(id);
      if (value !== undefined && isNpi(value)) return value;
      this.problem('datatype', id, 'is not a valid NPI (10 digits with a check digit)');
      return null;
    }
    const first = this.text({ ...location, repetition: 1, component: 1 });
    return first !== undefined && isNpi(first) ? first : null;
  }

  /** Records a problem at `location`: `<location> <text>` (`hl7Code`: its ERR-3 if not the kind's). */
  problem(kind: IssueKind, location: ErrorLocation, text: string, hl7Code?: Hl7ErrorCode): void {
    const where = describeLocation(location);
    const issue = { kind, where, message: `${where} ${text}`, hl7: location };
    if (this.issues.some((known) => known.message === issue.message)) return;
    this.issues.push(hl7Code === undefined ? issue : { ...issue, hl7Code });
  }
}
