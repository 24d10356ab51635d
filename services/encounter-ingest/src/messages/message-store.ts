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

/** A message just received, to store as RECEIVED. */
export interface ReceivedMessage {
  readonly id: string;
  readonly protocol: Protocol;
  readonly identity: MessageIdentity;
  /** Its text (HL7: decoded per MSH-18), and for HL7 the bytes as received. */
  readonly raw: string;
  readonly bytes: Buffer | null;
  readonly receivedAt: Date;
}

/** The row `receiveAll` stores for a message. */
function receivedRow(message: ReceivedMessage): InboundMessage {
  return {
    id: message.id,
    protocol: message.protocol,
    ...storableIdentity(message.identity),
    receivedAt: message.receivedAt,
    completedAt: null,
    status: 'RECEIVED',
    attempts: 0,
    errorDetail: null,
    ackCode: null,
    ackText: null,
    eventIds: [],
    ignored: [],
    rawPayload: storable(message.raw),
    rawBytes: message.bytes,
    payloadPurgedAt: null,
  };
}

/** The columns an outcome sets, one more attempt of `message`. */
function completion(
  message: InboundMessage,
  processed: {
    readonly ignored: readonly string[];
    readonly outcome: Outcome;
    readonly answer: Answer;
  },
): Pick<
  InboundMessage,
  | 'ignored'
  | 'status'
  | 'completedAt'
  | 'attempts'
  | 'errorDetail'
  | 'ackCode'
  | 'ackText'
  | 'eventIds'
> {
  const { outcome, answer } = processed;
  return {
    ignored: [...processed.ignored],
    status: outcome.status,
    completedAt: new Date(),
    attempts: message.attempts + 1,
    errorDetail:
      outcome.status === 'PROCESSED' ? null : outcome.issues.map((i) => i.message).join('; '),
    ackCode: answer.code,
    ackText: answer.text,
    eventIds: outcome.status === 'PROCESSED' ? [...outcome.eventIds] : [],
  };
}

/** The column types of `completeAll`'s VALUES (its parameters would be text otherwise). */
const COMPLETION_TYPES = [
  'uuid',
  'text[]',
  'text',
  'timestamptz',
  'int',
  'text',
  'text',
  'text',
  'text[]',
] as const;

/**
 * `rows` VALUES tuples of `columns` numbered parameters each (`($1, $2), ($3, $4)`), each
 * parameter cast to its type when `types` are given, `tail` added to each tuple.
 */
function placeholders(
  rows: number,
  columns: number,
  tail: string,
  types: readonly string[] = [],
): string {
  return Array.from({ length: rows }, (_, row) => {
    const values = Array.from({ length: columns }, (_, column) => {
      const type = types[column];
      return `$${row * columns + column + 1}${type ? `::${type}` : ''}`;
    });
    return `(${values.join(', ')}${tail})`;
  }).join(', ');
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
  async receive(message: ReceivedMessage): Promise<string> {
    const [inserted] = await this.receiveAll(this.dataSource.manager, [message]);
    if (inserted) return inserted.id;
    const identity = storableIdentity(message.identity);
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
   * Stores messages as RECEIVED in one statement, in `manager`'s transaction: the rows stored, as
   * stored (locked until the transaction ends). A message whose sender and control id are stored
   * already (or earlier in `messages`) is left out: a resend.
   */
  async receiveAll(
    manager: EntityManager,
    messages: readonly ReceivedMessage[],
  ): Promise<InboundMessage[]> {
    if (messages.length === 0) return [];
    const rows = messages.map(receivedRow);
    const parameters = rows.flatMap((row) => [
      row.id,
      row.protocol,
      row.controlId,
      row.sendingApplication,
      row.sendingFacility,
      row.messageType,
      row.encounterId,
      row.processingId,
      row.receivedAt,
      row.rawPayload,
      row.rawBytes,
    ]);
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO inbound_message (id, protocol, control_id, sending_application, sending_facility,
         message_type, encounter_id, processing_id, received_at, raw_payload, raw_bytes, status)
       VALUES ${placeholders(rows.length, 11, ", 'RECEIVED'")}
       ON CONFLICT DO NOTHING RETURNING id`,
      parameters,
    );
    const ids = new Set(inserted.map((row) => row.id));
    return rows.filter((row) => ids.has(row.id));
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
      ...completion(message, processed),
    };
    await manager.getRepository(InboundMessage).update(message.id, changes);
    return { ...message, ...changes };
  }

  /**
   * Records how processing ended for messages stored by `receiveAll` in the same transaction (their
   * payload and identity as stored), in one statement.
   */
  async completeAll(
    manager: EntityManager,
    processed: readonly {
      readonly message: InboundMessage;
      readonly ignored: readonly string[];
      readonly outcome: Outcome;
      readonly answer: Answer;
    }[],
  ): Promise<InboundMessage[]> {
    if (processed.length === 0) return [];
    const completed = processed.map(({ message, ...rest }) => ({
      ...message,
      ...completion(message, rest),
    }));
    await manager.query(
      `UPDATE inbound_message m
          SET ignored = v.ignored, status = v.status, completed_at = v.completed_at,
              attempts = v.attempts, error_detail = v.error_detail, ack_code = v.ack_code,
              ack_text = v.ack_text, event_ids = v.event_ids
         FROM (VALUES ${placeholders(completed.length, 9, '', COMPLETION_TYPES)})
           AS v (id, ignored, status, completed_at, attempts, error_detail, ack_code, ack_text,
                 event_ids)
        WHERE m.id = v.id`,
      completed.flatMap((row) => [
        row.id,
        row.ignored,
        row.status,
        row.completedAt,
        row.attempts,
        row.errorDetail,
        row.ackCode,
        row.ackText,
        row.eventIds,
      ]),
    );
    return completed;
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
