import { encounterIdOf } from '@meridian/contracts';
import {
  ADT_EVENT_STRUCTURES,
  buildAck,
  decodeHl7Bytes,
  DEFAULT_HL7_LIMITS,
  describeLocation,
  HL7_CHARSETS,
  Hl7LimitError,
  Hl7ParseError,
  isAdtEvent,
  newControlId,
  parseHl7,
  validateStructure,
} from '@meridian/hl7';
import type { AdtEvent, Hl7ErrorCode, Hl7Limits, Hl7Message } from '@meridian/hl7';
import type { NonProductionPolicy } from '../config/app.config.js';
import { toEncounterEvent } from '../encounters/encounter-events.js';
import type { IngestIssue, IssueKind } from '../encounters/encounter-facts.js';
import { ackCodeOf } from '../ingest/protocol.js';
import type {
  Answer,
  Interpretation,
  MessageIdentity,
  Outcome,
  ProtocolCodec,
  ReadBytes,
} from '../ingest/protocol.js';
import { AdtFields, at } from './adt-fields.js';
import { mapAdt, visitNumber } from './adt-mapper.js';
import {
  checkProcessingId,
  controlCharacterIssue,
  decodingIssue,
  isNonProduction,
  limitIssue,
} from './hl7-receiving.js';

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
  /** MSH-4 facilities whose messages' structure is checked strictly (HL7_STRICT_FACILITIES). */
  readonly strictFacilities?: ReadonlySet<string>;
  /** The per-message budget (HL7_MAX_SEGMENTS, HL7_MAX_REPETITIONS, HL7_MAX_FIELD_LENGTH). */
  readonly limits?: Hl7Limits;
  /** MSH-11 T/D messages: rejected (AR 202, the default) or published (HL7_NON_PRODUCTION). */
  readonly nonProduction?: NonProductionPolicy;
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
    processingId: get('MSH-11'),
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

function isCharset(value: string): boolean {
  return value !== '' && Object.hasOwn(HL7_CHARSETS, value.toUpperCase());
}

/** The MSH alone, to answer a message that cannot be parsed whole (over a limit, bad segment). */
function headerOf(raw: string): Hl7Message | undefined {
  const end = raw.search(/[\r\n]/);
  try {
    return parseHl7(end < 0 ? raw : raw.slice(0, end));
  } catch {
    return undefined;
  }
}

/**
 * HL7 v2 ADT: decode the bytes per MSH-18, parse within the budget, check the header (type,
 * event, control id, processing id, version), control characters, the structure of the event
 * (lenient unless the facility is strict: what is out of place is ignored and listed), then the
 * fields, and answer with an ACK: AA, AE naming each bad field (ERR 101/102/103, 207 when Kafka
 * failed) or AR (ERR 100 structure or budget, 200/201 type or event, 202 processing id, 203
 * version or character set).
 */
export class Hl7Codec implements ProtocolCodec {
  readonly protocol = 'HL7V2' as const;
  private readonly now: () => Date;
  private readonly limits: Hl7Limits;

  constructor(private readonly options: Hl7CodecOptions) {
    this.now = options.now ?? (() => new Date());
    this.limits = options.limits ?? DEFAULT_HL7_LIMITS;
  }

  interpretBytes(bytes: Buffer): ReadBytes {
    const decoded = decodeHl7Bytes(bytes);
    if (decoded.ok) return { text: decoded.text, interpretation: this.interpret(decoded.text) };
    const interpretation = this.rejected(headerOf(decoded.text), [decodingIssue(decoded)]);
    return { text: decoded.text, interpretation };
  }

  interpret(raw: string): Interpretation {
    let message: Hl7Message;
    try {
      message = parseHl7(raw, this.limits);
    } catch (error) {
      if (error instanceof Hl7LimitError) return this.rejected(headerOf(raw), [limitIssue(error)]);
      if (!(error instanceof Hl7ParseError)) throw error;
      const where = `segment ${error.segment ?? 1}`;
      const issue: IngestIssue = { kind: 'structure', where, message: error.message };
      return this.rejected(headerOf(raw), [issue]);
    }
    const header = new AdtFields(message, this.options.timeZone);
    const event = checkHeader(header, this.options.nonProduction ?? 'reject');
    if (header.issues.length > 0 || !event) return this.rejected(message, header.issues);
    const control = controlCharacterIssue(message);
    if (control) return this.rejected(message, [control]);
    return this.interpretEvent(message, event);
  }

  private interpretEvent(message: Hl7Message, event: AdtEvent): Interpretation {
    const strict = this.options.strictFacilities?.has(message.get('MSH-4')) ?? false;
    const mode = strict ? 'strict' : 'lenient';
    const check = validateStructure(message, ADT_EVENT_STRUCTURES[event], mode);
    const { ignored } = check;
    if (check.violations.length > 0) {
      const issues = check.violations.map((v): IngestIssue => {
        const location = { segment: v.segment, sequence: v.occurrence };
        return {
          kind: 'structure',
          where: describeLocation(location),
          message: v.message,
          hl7: location,
        };
      });
      return this.interpretation(message, { issues }, ignored);
    }
    const mapped = mapAdt(message.without(check.ignoredSegments), event, this.options);
    if ('issues' in mapped) return this.interpretation(message, mapped, ignored);
    const result = {
      event: toEncounterEvent(mapped.facts),
      nonProduction: isNonProduction(message),
    };
    return this.interpretation(message, result, ignored);
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
    ignored: readonly string[] = [],
  ): Interpretation {
    return {
      identity: identify(message, this.options.defaultFacility),
      result,
      ignored,
      answer: (outcome) => this.ack(message, outcome),
    };
  }

  private ack(message: Hl7Message | undefined, outcome: Outcome): Answer {
    const code = ackCodeOf(outcome);
    const errors =
      outcome.status === 'PROCESSED'
        ? []
        : outcome.issues.map((issue) => ({
            code: issue.hl7Code ?? ERROR_CODES[issue.kind],
            message: issue.message,
            ...(issue.hl7 ? { location: issue.hl7 } : {}),
          }));
    const charset = message?.get('MSH-18') ?? '';
    const text = buildAck(message, {
      code,
      controlId: newControlId('A'),
      at: this.now(),
      timeZone: this.options.timeZone,
      errors,
      // The MLLP edge sends the ACK in the message's charset when it reads it, else in UTF-8.
      ...(isCharset(charset) ? { charset } : {}),
    });
    return { code, text };
  }
}

/**
 * MSH-9 (ADT and a supported event), MSH-10, MSH-11 (per `nonProduction`) and MSH-12; the event
 * when they are usable.
 */
function checkHeader(f: AdtFields, nonProduction: NonProductionPolicy): AdtEvent | undefined {
  const type = f.required(at('MSH', 9));
  const trigger = f.required(at('MSH', 9, { component: 2 }));
  f.required(at('MSH', 10));
  checkProcessingId(f, nonProduction);
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
