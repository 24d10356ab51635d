import type { AckCode } from '@meridian/hl7';
import type { EncounterEvent } from '../encounters/encounter-events.js';
import type { IngestIssue } from '../encounters/encounter-facts.js';

export type Protocol = 'HL7V2' | 'FHIR';
export const PROTOCOLS: readonly Protocol[] = ['HL7V2', 'FHIR'];

/**
 * RECEIVED: stored, being processed (or left by a crash: a resend or reprocess takes it over).
 * PROCESSED: the event is in Kafka. REJECTED: invalid, nothing published. FAILED: Kafka did not
 * take the event; a resend or reprocess tries again.
 */
export type MessageStatus = 'RECEIVED' | 'PROCESSED' | 'REJECTED' | 'FAILED';
export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  'RECEIVED',
  'PROCESSED',
  'REJECTED',
  'FAILED',
];

/** What the message store indexes a message by; null where the message did not say. */
export interface MessageIdentity {
  /** MSH-10, or the FHIR Encounter's `Encounter/<id>/_history/<versionId>`. */
  readonly controlId: string | null;
  readonly sendingApplication: string | null;
  readonly sendingFacility: string | null;
  /** `ADT^A03`, or `Encounter.<status>` for FHIR. */
  readonly messageType: string | null;
  readonly encounterId: string | null;
  /** MSH-11.1 (`P`, `T` training, `D` debugging); null for FHIR, which has none. */
  readonly processingId: string | null;
}

/** How processing ended. */
export type Outcome =
  | { readonly status: 'PROCESSED'; readonly eventIds: readonly string[] }
  | { readonly status: 'REJECTED' | 'FAILED'; readonly issues: readonly IngestIssue[] };

/** What the sender is answered (and the store keeps): an HL7 ACK or a FHIR OperationOutcome. */
export interface Answer {
  readonly code: AckCode;
  readonly text: string;
}

/**
 * The event a message means; `nonProduction`: it comes from an HL7 training or debugging message
 * (MSH-11 `T`/`D`, accepted with HL7_NON_PRODUCTION=publish) and goes to the non-production topic.
 */
export interface EventResult {
  readonly event: EncounterEvent;
  readonly nonProduction?: boolean;
}

/** A message read by its protocol: the event it means, or why it cannot be accepted. */
export interface Interpretation {
  readonly identity: MessageIdentity;
  readonly result: EventResult | { readonly issues: readonly IngestIssue[] };
  /**
   * What the message holds that the receiver ignored, for the message store: HL7 segments out of
   * place (`IN1 (segment 5)`), Z-segments, fields past a segment's last.
   */
  readonly ignored?: readonly string[];
  /** The answer to give for an outcome. */
  answer(outcome: Outcome): Answer;
}

/** A message received as bytes: its text (stored, shown to operators) and what it means. */
export interface ReadBytes {
  readonly text: string;
  readonly interpretation: Interpretation;
}

/** What a codec knows of a message besides its text. */
export interface ReceiptContext {
  readonly receivedAt: Date;
  /** The id the message is stored under (when it is not a resend of a stored one). */
  readonly messageId: string;
}

/** Reads one protocol's messages; pure (no I/O), so reprocessing reads a stored one the same way. */
export interface ProtocolCodec {
  readonly protocol: Protocol;
  interpret(raw: string, context: ReceiptContext): Interpretation;
  /** Protocols received as bytes (HL7 v2 over MLLP): decodes them, then interprets the text. */
  interpretBytes?(bytes: Buffer, context: ReceiptContext): ReadBytes;
}

const REJECTING: ReadonlySet<IngestIssue['kind']> = new Set([
  'structure',
  'unsupported-type',
  'unsupported-event',
  'unsupported-version',
]);

/**
 * The acknowledgment code of an outcome: AA processed; AR when the message cannot be read as a
 * supported message at all (structure, type, version); AE otherwise (a field, or Kafka down).
 */
export function ackCodeOf(outcome: Outcome): AckCode {
  if (outcome.status === 'PROCESSED') return 'AA';
  return outcome.issues.some((issue) => REJECTING.has(issue.kind)) ? 'AR' : 'AE';
}
