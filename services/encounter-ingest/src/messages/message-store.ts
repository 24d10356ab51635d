import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type {
  Answer,
  MessageIdentity,
  MessageStatus,
  Outcome,
  Protocol,
} from '../ingest/protocol.js';
import { InboundMessage } from './inbound-message.entity.js';

/** Another request is processing the message right now. */
export class MessageBusyError extends Error {
  constructor(id: string) {
    super(`message ${id} is being processed; try again when it is done`);
    this.name = 'MessageBusyError';
  }
}

/** A message whose raw payload was purged cannot be run again. */
export class PayloadPurgedError extends Error {
  constructor(id: string) {
    super(
      `message ${id} cannot be reprocessed: its raw payload was purged (MESSAGE_RETENTION_DAYS)`,
    );
    this.name = 'PayloadPurgedError';
  }
}

/** What a list of messages can be narrowed to. */
export interface MessageFilter {
  readonly status?: MessageStatus;
  readonly controlId?: string;
  readonly encounterId?: string;
  readonly limit: number;
}

/** A stored message without its raw payload. */
export type MessageSummary = Omit<InboundMessage, 'rawPayload' | 'rawBytes'>;

const SUMMARY_COLUMNS = {
  id: true,
  protocol: true,
  controlId: true,
  sendingApplication: true,
  sendingFacility: true,
  messageType: true,
  encounterId: true,
  receivedAt: true,
  completedAt: true,
  status: true,
  attempts: true,
  errorDetail: true,
  ackCode: true,
  ackText: true,
  eventIds: true,
  ignored: true,
  processingId: true,
  payloadPurgedAt: true,
} as const satisfies Record<keyof MessageSummary, true>;

const LOCK_NOT_AVAILABLE = '55P03';

/** A text column cannot hold NUL: it is shown as U+2400 (the bytes, if any, keep it). */
function storable(text: string): string;
function storable(text: string | null): string | null;
function storable(text: string | null): string | null {
  return text?.includes('\0') ? text.replaceAll('\0', '\u2400') : text;
}

/** The identity as it can be stored (a control id or sender may hold a NUL too). */
function storableIdentity(identity: MessageIdentity): MessageIdentity {
  return {
    controlId: storable(identity.controlId),
    sendingApplication: storable(identity.sendingApplication),
    sendingFacility: storable(identity.sendingFacility),
    messageType: storable(identity.messageType),
    encounterId: storable(identity.encounterId),
    processingId: storable(identity.processingId),
  };
}

/** The inbound message table: store, lock for processing, record the outcome, look up. */
@Injectable()
export class MessageStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a message as RECEIVED under `id` (committed at once, so the raw payload is kept whatever
   * happens next) and returns `id`, or the id of the message already stored under the same sender and
   * control id (a resend).
   */
  async receive(
    id: string,
    protocol: Protocol,
    received: MessageIdentity,
    payload: { readonly raw: string; readonly bytes: Buffer | null; readonly receivedAt: Date },
  ): Promise<string> {
    const identity = storableIdentity(received);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO inbound_message (id, protocol, control_id, sending_application, sending_facility,
         message_type, encounter_id, processing_id, received_at, status, raw_payload, raw_bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'RECEIVED', $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        protocol,
        identity.controlId,
        identity.sendingApplication,
        identity.sendingFacility,
        identity.messageType,
        identity.encounterId,
        identity.processingId,
        payload.receivedAt,
        storable(payload.raw),
        payload.bytes,
      ],
    );
    if (inserted.length > 0) return id;
    const existing = await this.dataSource.getRepository(InboundMessage).findOneOrFail({
      select: { id: true },
      where: {
        controlId: identity.controlId ?? '',
        sendingApplication: identity.sendingApplication ?? IsNull(),
        sendingFacility: identity.sendingFacility ?? IsNull(),
      },
    });
    return existing.id;
  }

  /**
   * The message, locked for update until `manager`'s transaction ends; waits for a transaction
   * processing it, or with `wait: false` throws `MessageBusyError`. Undefined when unknown.
   */
  async lock(
    manager: EntityManager,
    id: string,
    options: { readonly wait: boolean },
  ): Promise<InboundMessage | undefined> {
    const query = manager
      .getRepository(InboundMessage)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.id = :id', { id });
    if (!options.wait) query.setOnLocked('nowait');
    try {
      return (await query.getOne()) ?? undefined;
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (error instanceof QueryFailedError && code === LOCK_NOT_AVAILABLE)
        throw new MessageBusyError(id);
      throw error;
    }
  }

  /** Records how processing ended, with the payload and identity it was processed from. */
  async complete(
    manager: EntityManager,
    message: InboundMessage,
    processed: {
      readonly raw: string;
      readonly bytes: Buffer | null;
      readonly identity: MessageIdentity;
      readonly ignored: readonly string[];
      readonly outcome: Outcome;
      readonly answer: Answer;
    },
  ): Promise<InboundMessage> {
    const { outcome } = processed;
    const identity = storableIdentity(processed.identity);
    const raw = storable(processed.raw);
    const changes = {
      messageType: identity.messageType,
      encounterId: identity.encounterId,
      processingId: identity.processingId,
      // Written only when a resend differs: a failed UPDATE's error then carries no payload.
      ...(raw === message.rawPayload
        ? {}
        : { rawPayload: raw, rawBytes: processed.bytes, payloadPurgedAt: null }),
      ignored: [...processed.ignored],
      status: outcome.status,
      completedAt: new Date(),
      attempts: message.attempts + 1,
      errorDetail:
        outcome.status === 'PROCESSED' ? null : outcome.issues.map((i) => i.message).join('; '),
      ackCode: processed.answer.code,
      ackText: processed.answer.text,
      eventIds: outcome.status === 'PROCESSED' ? [...outcome.eventIds] : [],
    };
    await manager.getRepository(InboundMessage).update(message.id, changes);
    return { ...message, ...changes };
  }

  /** Newest first, at most `limit`, without raw payloads. */
  list(filter: MessageFilter): Promise<MessageSummary[]> {
    return this.dataSource.getRepository(InboundMessage).find({
      select: SUMMARY_COLUMNS,
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.controlId ? { controlId: filter.controlId } : {}),
        ...(filter.encounterId ? { encounterId: filter.encounterId } : {}),
      },
      order: { receivedAt: 'DESC', id: 'DESC' },
      take: filter.limit,
    });
  }

  /**
   * Purges the raw payload (text and bytes) of at most `limit` messages received before `cutoff`,
   * oldest first, in one statement; returns how many. A message being processed right now (row
   * locked) is skipped and purged by a later run.
   */
  async purgePayloads(cutoff: Date, limit: number): Promise<number> {
    const [, purged]: [unknown, number] = await this.dataSource.query(
      `UPDATE inbound_message m
          SET raw_payload = NULL, raw_bytes = NULL, payload_purged_at = now()
         FROM (SELECT id FROM inbound_message
                WHERE raw_payload IS NOT NULL AND received_at < $1
                ORDER BY received_at
                LIMIT $2
                  FOR UPDATE SKIP LOCKED) due
        WHERE m.id = due.id`,
      [cutoff, limit],
    );
    return purged;
  }

  async find(id: string): Promise<InboundMessage | undefined> {
    return (await this.dataSource.getRepository(InboundMessage).findOneBy({ id })) ?? undefined;
  }
}
