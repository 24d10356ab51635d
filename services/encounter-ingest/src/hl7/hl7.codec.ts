import {
  ADT_EVENT_STRUCTURES,
  buildAck,
  describeLocation,
  Hl7ParseError,
  isAdtEvent,
  newControlId,
  parseHl7,
  validateStructure,
} from '@meridian/hl7';
import type { AdtEvent, Hl7ErrorCode, Hl7Message } from '@meridian/hl7';
import { toEncounterEvent } from '../encounters/encounter-events.js';
import type { IngestIssue, IssueKind } from '../encounters/encounter-facts.js';
import { encounterIdOf } from '../encounters/encounter-identity.js';
import { ackCodeOf } from '../ingest/protocol.js';
import type {
  Answer,
  Interpretation,
  MessageIdentity,
  Outcome,
  ProtocolCodec,
} from '../ingest/protocol.js';
import { AdtFields, at } from './adt-fields.js';
import { mapAdt, visitNumber } from './adt-mapper.js';

/** MSH-12 versions whose ADT structures match v2.5.1's closely enough to validate with them. */
export const SUPPORTED_VERSIONS: readonly string[] = ['2.3', '2.3.1', '2.4', '2.5', '2.5.1'];

/** Issue kind -> HL7 table 0357 code of its ERR segment. */
const ERROR_CODES: Readonly<Record<IssueKind, Hl7ErrorCode>> = {
  required: 101,
  datatype: 102,
  code: 103,
  structure: 100,
  'unsupported-type': 200,
  'unsupported-event': 201,
  'unsupported-version': 203,
  internal: 207,
};

export interface Hl7CodecOptions {
  /** Zone of timestamps sent without an offset (FACILITY_TIMEZONE). */
  readonly timeZone: string;
  /** Authority of a visit number whose message names none (DEFAULT_FACILITY). */
  readonly defaultFacility: string;
  readonly now?: () => Date;
}

const orNull = (text: string | undefined): string | null => (text ? text : null);

function identify(message: Hl7Message | undefined, defaultFacility: string): MessageIdentity {
  const get = (path: string): string | null => orNull(message?.get(path));
  const { code, trigger } = message?.messageType ?? { code: '', trigger: '' };
  return {
    controlId: get('MSH-10'),
    sendingApplication: get('MSH-3'),
    sendingFacility: get('MSH-4'),
    messageType: code || trigger ? `${code}^${trigger}` : null,
    encounterId: encounterIdOrNull(message, defaultFacility),
  };
}

/** The facility-qualified encounter id a message names, for the message store; null without one. */
function encounterIdOrNull(
  message: Hl7Message | undefined,
  defaultFacility: string,
): string | null {
  if (!message) return null;
  const visit = visitNumber(new AdtFields(message, 'UTC'), defaultFacility);
  return visit ? encounterIdOf(visit) : null;
}

/**
 * HL7 v2 ADT: parse, check the header (type, event, control id, version), the structure of the
 * event, then the fields, and answer with an ACK: AA, AE naming each bad field (ERR 101/102/103,
 * 207 when Kafka failed) or AR (ERR 100 structure, 200/201 type or event, 203 version).
 */
export class Hl7Codec implements ProtocolCodec {
  readonly protocol = 'HL7V2' as const;
  private readonly now: () => Date;

  constructor(private readonly options: Hl7CodecOptions) {
    this.now = options.now ?? (() => new Date());
  }

  interpret(raw: string): Interpretation {
    let message: Hl7Message;
    try {
      message = parseHl7(raw);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      const where = `segment ${error.segment ?? 1}`;
      return this.rejected(undefined, [{ kind: 'structure', where, message: error.message }]);
    }
    const header = new AdtFields(message, this.options.timeZone);
    const event = checkHeader(header);
    if (header.issues.length > 0 || !event) return this.rejected(message, header.issues);
    const violations = validateStructure(message, ADT_EVENT_STRUCTURES[event]);
    if (violations.length > 0) {
      const issues = violations.map((v): IngestIssue => {
        const location = { segment: v.segment, sequence: v.occurrence };
        return {
          kind: 'structure',
          where: describeLocation(location),
          message: v.message,
          hl7: location,
        };
      });
      return this.rejected(message, issues);
    }
    const mapped = mapAdt(message, event, this.options);
    if ('issues' in mapped) return this.rejected(message, mapped.issues);
    return this.interpretation(message, { event: toEncounterEvent(mapped.facts) });
  }

  private rejected(
    message: Hl7Message | undefined,
    issues: readonly IngestIssue[],
  ): Interpretation {
    return this.interpretation(message, { issues });
  }

  private interpretation(
    message: Hl7Message | undefined,
    result: Interpretation['result'],
  ): Interpretation {
    return {
      identity: identify(message, this.options.defaultFacility),
      result,
      answer: (outcome) => this.ack(message, outcome),
    };
  }

  private ack(message: Hl7Message | undefined, outcome: Outcome): Answer {
    const code = ackCodeOf(outcome);
    const errors =
      outcome.status === 'PROCESSED'
        ? []
        : outcome.issues.map((issue) => ({
            code: ERROR_CODES[issue.kind],
            message: issue.message,
            ...(issue.hl7 ? { location: issue.hl7 } : {}),
          }));
    const text = buildAck(message, {
      code,
      controlId: newControlId('A'),
      at: this.now(),
      timeZone: this.options.timeZone,
      errors,
    });
    return { code, text };
  }
}

/** MSH-9 (ADT and a supported event), MSH-10 and MSH-12; the event when they are usable. */
function checkHeader(f: AdtFields): AdtEvent | undefined {
  const type = f.required(at('MSH', 9));
  const trigger = f.required(at('MSH', 9, { component: 2 }));
  f.required(at('MSH', 10));
  const version = f.required(at('MSH', 12));
  if (type !== undefined && type !== 'ADT') {
    f.problem('unsupported-type', at('MSH', 9), 'is not an ADT message');
    return undefined;
  }
  if (version !== undefined && !SUPPORTED_VERSIONS.includes(version))
    f.problem('unsupported-version', at('MSH', 12), 'is not a supported version (2.3 to 2.5.1)');
  if (trigger === undefined || !isAdtEvent(trigger)) {
    if (trigger !== undefined)
      f.problem(
        'unsupported-event',
        at('MSH', 9, { component: 2 }),
        `is not a supported ADT event (${Object.keys(ADT_EVENT_STRUCTURES).join(', ')})`,
      );
    return undefined;
  }
  return trigger;
}
