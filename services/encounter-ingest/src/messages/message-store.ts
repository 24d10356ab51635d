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

/** The row `receive` stores for a message: RECEIVED, not processed yet. */
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

/** How one run of the pipeline ended for a message. */
export interface Processed {
  readonly ignored: readonly string[];
  readonly outcome: Outcome;
  readonly answer: Answer;
}

/** The columns an outcome sets, one more attempt of `message`. */
function completion(
  message: InboundMessage,
  processed: Processed,
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

/**
 * The row of a message stored with its outcome, its first attempt (for `storeAll`): written
 * before its event is sent, in a transaction that commits only once the event is in Kafka.
 */
export function processedRow(message: ReceivedMessage, processed: Processed): InboundMessage {
  const row = receivedRow(message);
  return { ...row, ...completion(row, processed) };
}

/** The columns `storeAll` writes, in its VALUES order, and their fields. */
const STORED_COLUMNS = [
  ['id', 'id'],
  ['protocol', 'protocol'],
  ['control_id', 'controlId'],
  ['sending_application', 'sendingApplication'],
  ['sending_facility', 'sendingFacility'],
  ['message_type', 'messageType'],
  ['encounter_id', 'encounterId'],
  ['processing_id', 'processingId'],
  ['received_at', 'receivedAt'],
  ['raw_payload', 'rawPayload'],
  ['raw_bytes', 'rawBytes'],
  ['status', 'status'],
  ['completed_at', 'completedAt'],
  ['attempts', 'attempts'],
  ['error_detail', 'errorDetail'],
  ['ack_code', 'ackCode'],
  ['ack_text', 'ackText'],
  ['event_ids', 'eventIds'],
  ['ignored', 'ignored'],
] as const satisfies readonly (readonly [string, keyof InboundMessage])[];

/** The column types of `recordAll`'s VALUES (its parameters would be text otherwise). */
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
 * parameter cast to its type when `types` are given.
 */
function placeholders(rows: number, columns: number, types: readonly string[] = []): string {
  return Array.from({ length: rows }, (_, row) => {
    const values = Array.from({ length: columns }, (_, column) => {
      const type = types[column];
      return `$${row * columns + column + 1}${type ? `::${type}` : ''}`;
    });
    return `(${values.join(', ')})`;
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
    const [inserted] = await this.storeAll(this.dataSource.manager, [receivedRow(message)]);
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
   * Stores rows (`processedRow`) in one statement, in `manager`'s transaction: the rows stored
   * (locked until the transaction ends). A message whose sender and control id are stored already
   * (or earlier in `rows`) is left out: a resend.
   */
  async storeAll(
    manager: EntityManager,
    rows: readonly InboundMessage[],
  ): Promise<InboundMessage[]> {
    if (rows.length === 0) return [];
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO inbound_message (${STORED_COLUMNS.map(([column]) => column).join(', ')})
       VALUES ${placeholders(rows.length, STORED_COLUMNS.length)}
       ON CONFLICT DO NOTHING RETURNING id`,
      rows.flatMap((row) => STORED_COLUMNS.map(([, field]) => row[field])),
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
    processed: Processed & {
      readonly raw: string;
      readonly bytes: Buffer | null;
      readonly identity: MessageIdentity;
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
   * Records the outcomes of messages stored by `storeAll` in the same transaction, as
   * `processedRow` gives them (payload and identity as stored), in one statement.
   */
  async recordAll(manager: EntityManager, rows: readonly InboundMessage[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `UPDATE inbound_message m
          SET ignored = v.ignored, status = v.status, completed_at = v.completed_at,
              attempts = v.attempts, error_detail = v.error_detail, ack_code = v.ack_code,
              ack_text = v.ack_text, event_ids = v.event_ids
         FROM (VALUES ${placeholders(rows.length, 9, COMPLETION_TYPES)})
           AS v (id, ignored, status, completed_at, attempts, error_detail, ack_code, ack_text,
                 event_ids)
        WHERE m.id = v.id`,
      rows.flatMap((row) => [
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
