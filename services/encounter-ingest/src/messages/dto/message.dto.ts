import { ApiProperty } from '@nestjs/swagger';
import { MESSAGE_STATUSES, PROTOCOLS } from '../../ingest/protocol.js';
import type { MessageStatus, Protocol } from '../../ingest/protocol.js';
import type { InboundMessage } from '../inbound-message.entity.js';
import type { MessageSummary } from '../message-store.js';

/** A stored inbound message, without its raw payload. */
export class MessageSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: PROTOCOLS })
  protocol!: Protocol;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'MSH-10, or Encounter/<id>/_history/<versionId>',
    example: 'MSG0003',
  })
  controlId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'MSH-3, or the FHIR meta.source',
    example: 'EPIC',
  })
  sendingApplication!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'MSH-4', example: 'MGH' })
  sendingFacility!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ADT^A03' })
  messageType!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Facility-qualified encounter id: <PV1-19.4, else MSH-4>:<PV1-19.1>',
    example: 'MGH:V000123',
  })
  encounterId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'HL7 v2 MSH-11: P (production), T (training) or D (debugging); T and D are published to clinical.encounter.nonprod.v1 with HL7_NON_PRODUCTION=publish. Null for FHIR',
    example: 'P',
  })
  processingId!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the current status was reached',
  })
  completedAt!: string | null;

  @ApiProperty({ enum: MESSAGE_STATUSES })
  status!: MessageStatus;

  @ApiProperty({
    description: 'Pipeline runs: first delivery, resends of a FAILED message, reprocessing',
  })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: 'PID-3 is required' })
  errorDetail!: string | null;

  @ApiProperty({ type: String, nullable: true, enum: ['AA', 'AE', 'AR'] })
  ackCode!: string | null;

  @ApiProperty({
    type: [String],
    description:
      'Message ids of the events published on clinical.encounter.v1 (clinical.encounter.nonprod.v1 for processing id T or D)',
  })
  eventIds!: string[];

  @ApiProperty({
    type: [String],
    description:
      "What the receiver ignored (HL7 v2 message construction rules): segments out of place, Z-segments, fields past a segment's last",
    example: ['IN1 (segment 5)', 'ZPV (segment 7)', 'PV1-53 to PV1-60 (segment 4)'],
  })
  ignored!: string[];

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the raw payload was purged (MESSAGE_RETENTION_DAYS after it was received); null while it is kept',
  })
  payloadPurgedAt!: string | null;
}

/** A stored inbound message with the answer given and, when asked for, its raw payload (PHI). */
export class MessageDetailDto extends MessageSummaryDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The HL7 ACK or the FHIR OperationOutcome (JSON) given',
  })
  ackText!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    description:
      'PHI. The message as received (HL7: decoded per MSH-18; a NUL shown as U+2400), only with include=rawPayload; null once purged',
  })
  rawPayload?: string | null;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageSummaryDto], description: 'Newest first' })
  items!: MessageSummaryDto[];
}

export function toSummaryDto(message: MessageSummary): MessageSummaryDto {
  return {
    id: message.id,
    protocol: message.protocol,
    controlId: message.controlId,
    sendingApplication: message.sendingApplication,
    sendingFacility: message.sendingFacility,
    messageType: message.messageType,
    encounterId: message.encounterId,
    processingId: message.processingId,
    receivedAt: message.receivedAt.toISOString(),
    completedAt: message.completedAt?.toISOString() ?? null,
    status: message.status,
    attempts: message.attempts,
    errorDetail: message.errorDetail,
    ackCode: message.ackCode,
    eventIds: message.eventIds,
    ignored: message.ignored,
    payloadPurgedAt: message.payloadPurgedAt?.toISOString() ?? null,
  };
}

/** What a message's detail shows besides its summary and answer. */
export interface DetailOptions {
  /** The raw payload (PHI): asked for with `include=rawPayload`. */
  readonly rawPayload: boolean;
}

export function toDetailDto(message: InboundMessage, options: DetailOptions): MessageDetailDto {
  return {
    ...toSummaryDto(message),
    ackText: message.ackText,
    ...(options.rawPayload ? { rawPayload: message.rawPayload } : {}),
  };
}
