import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AckCode } from '@meridian/hl7';
import type { MessageStatus, Protocol } from '../ingest/protocol.js';

/**
 * One inbound message as received (HL7 v2 over MLLP or a FHIR Encounter over HTTP), what became
 * of it and the answer given. The raw payload is PHI: it stays in this table, never in logs,
 * spans or metrics, and only for MESSAGE_RETENTION_DAYS.
 */
@Entity({ name: 'inbound_message' })
export class InboundMessage {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  protocol!: Protocol;

  /** MSH-10, or the FHIR `Encounter/<id>/_history/<versionId>`; null when the message had none. */
  @Column({ name: 'control_id', type: 'text', nullable: true })
  controlId!: string | null;

  @Column({ name: 'sending_application', type: 'text', nullable: true })
  sendingApplication!: string | null;

  @Column({ name: 'sending_facility', type: 'text', nullable: true })
  sendingFacility!: string | null;

  /** `ADT^A03`, `Encounter.finished`. */
  @Column({ name: 'message_type', type: 'text', nullable: true })
  messageType!: string | null;

  @Column({ name: 'encounter_id', type: 'text', nullable: true })
  encounterId!: string | null;

  /**
   * HL7 v2 MSH-11.1: `P` production, `T` training, `D` debugging (published to the non-production
   * topic with HL7_NON_PRODUCTION=publish); null for FHIR or when the message had none.
   */
  @Column({ name: 'processing_id', type: 'text', nullable: true })
  processingId!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** When the current status was reached (null while RECEIVED). */
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'text' })
  status!: MessageStatus;

  /** How many times the pipeline ran on it (first delivery, resends of a FAILED one, reprocessing). */
  @Column({ type: 'int' })
  attempts!: number;

  /** Why it was REJECTED or FAILED: each problem, naming the field. */
  @Column({ name: 'error_detail', type: 'text', nullable: true })
  errorDetail!: string | null;

  @Column({ name: 'ack_code', type: 'text', nullable: true })
  ackCode!: AckCode | null;

  /** The answer given: the HL7 ACK message, or the FHIR OperationOutcome (JSON). */
  @Column({ name: 'ack_text', type: 'text', nullable: true })
  ackText!: string | null;

  /** Envelope message ids of the events published for it. */
  @Column({ name: 'event_ids', type: 'text', array: true })
  eventIds!: string[];

  /** Segments and fields the receiver ignored (HL7), e.g. `IN1 (segment 5)`, `ZPV (segment 7)`. */
  @Column({ type: 'text', array: true })
  ignored!: string[];

  /**
   * The text of the message; for HL7 decoded from `rawBytes` per MSH-18, with NUL (which a text
   * column cannot hold) shown as U+2400. Null once purged (`payloadPurgedAt`).
   */
  @Column({ name: 'raw_payload', type: 'text', nullable: true })
  rawPayload!: string | null;

  /** HL7 v2 over MLLP: the bytes exactly as received (what a reprocess reads); null for FHIR. */
  @Column({ name: 'raw_bytes', type: 'bytea', nullable: true })
  rawBytes!: Buffer | null;

  /**
   * When the raw payload (text and bytes) was purged, MESSAGE_RETENTION_DAYS after it was
   * received; null while it is kept. The rest of the row stays (see `MessageRetention`).
   */
  @Column({ name: 'payload_purged_at', type: 'timestamptz', nullable: true })
  payloadPurgedAt!: Date | null;
}
