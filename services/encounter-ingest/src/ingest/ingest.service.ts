import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ServiceMessagingHost } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { APP_LOGGER } from '../app.logger.js';
import type { InboundMessage } from '../messages/inbound-message.entity.js';
import { MessageStore, PayloadPurgedError } from '../messages/message-store.js';
import { AlreadyProcessedError, MessageNotFoundError } from './ingest.errors.js';
import { ProtocolCodecs } from './protocol-codecs.js';
import { ENCOUNTER_TOPICS } from '../encounters/encounter-events.js';
import type {
  EventResult,
  Interpretation,
  Outcome,
  ProtocolCodec,
  ReceiptContext,
} from './protocol.js';

/** The stored message after the pipeline ran, and whether it was only looked up (a resend). */
export interface IngestResult {
  readonly message: InboundMessage;
  /** True when a resend of a PROCESSED or REJECTED message was answered from the store. */
  readonly duplicate: boolean;
}

const NOT_PUBLISHED = 'the event could not be published to Kafka; send the message again';

/**
 * The one pipeline of every inbound message, whatever its protocol: store the raw message, skip a
 * resend of a message already answered (same sender and control id: the stored answer is given
 * again), interpret it (parse, validate, map to the canonical event), publish the event straight
 * to Kafka, and record the outcome with the answer (HL7 ACK, FHIR OperationOutcome).
 *
 * The message row is locked while it is processed, so concurrent copies of one message wait for
 * the first and get its answer; a FAILED message (Kafka down) is processed again when resent.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MessageStore,
    private readonly host: ServiceMessagingHost,
    private readonly codecs: ProtocolCodecs,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Runs the pipeline on a message just received, as text (FHIR) or as bytes (HL7 v2 over MLLP:
   * the codec decodes them; they are stored as received); throws only when the database is
   * unusable.
   */
  async ingest(codec: ProtocolCodec, received: string | Buffer): Promise<IngestResult> {
    const receivedAt = new Date();
    const messageId = randomUUID();
    const { raw, interpretation } = read(codec, received, { receivedAt, messageId });
    const bytes = typeof received === 'string' ? null : received;
    const id = await this.store.receive(messageId, codec.protocol, interpretation.identity, {
      raw,
      bytes,
      receivedAt,
    });
    return this.dataSource.transaction(async (manager) => {
      const message = await this.store.lock(manager, id, { wait: true });
      if (!message) throw new MessageNotFoundError(id);
      if (message.status === 'PROCESSED' || message.status === 'REJECTED')
        return { message, duplicate: true };
      // A new message, a resend of a FAILED one, or one a crash left RECEIVED.
      const processed = await this.process(manager, message, { raw, bytes }, interpretation);
      return { message: processed, duplicate: false };
    });
  }

  /**
   * Runs the pipeline again on a stored REJECTED or FAILED message (e.g. after reference data or
   * a mapping changed), from the bytes received when there are some. A PROCESSED one is refused:
   * its event is already in Kafka.
   */
  async reprocess(id: string): Promise<InboundMessage> {
    return this.dataSource.transaction(async (manager) => {
      const message = await this.store.lock(manager, id, { wait: false });
      if (!message) throw new MessageNotFoundError(id);
      if (message.status === 'PROCESSED') throw new AlreadyProcessedError(id);
      if (message.rawPayload === null) throw new PayloadPurgedError(id);
      const { raw, interpretation } = read(
        this.codecs.of(message.protocol),
        message.rawBytes ?? message.rawPayload,
        { receivedAt: message.receivedAt, messageId: message.id },
      );
      const payload = { raw, bytes: message.rawBytes };
      return this.process(manager, message, payload, interpretation);
    });
  }

  private async process(
    manager: EntityManager,
    message: InboundMessage,
    payload: { readonly raw: string; readonly bytes: Buffer | null },
    interpretation: Interpretation,
  ): Promise<InboundMessage> {
    const outcome = await this.outcomeOf(message, interpretation);
    const answer = interpretation.answer(outcome);
    const { identity, ignored = [] } = interpretation;
    return this.store.complete(manager, message, {
      ...payload,
      identity,
      ignored,
      outcome,
      answer,
    });
  }

  private async outcomeOf(
    message: InboundMessage,
    interpretation: Interpretation,
  ): Promise<Outcome> {
    const { result } = interpretation;
    if ('issues' in result) return { status: 'REJECTED', issues: result.issues };
    try {
      return { status: 'PROCESSED', eventIds: [await this.publish(result)] };
    } catch (error) {
      this.logger.warn(
        {
          messageId: message.id,
          controlId: message.controlId,
          encounterId: result.event.encounterId,
          reason: error instanceof Error ? error.message : String(error),
        },
        'encounter event not published',
      );
      return {
        status: 'FAILED',
        issues: [{ kind: 'internal', where: 'Kafka', message: NOT_PUBLISHED }],
      };
    }
  }

  /**
   * Straight to Kafka, not through the outbox (an ACK AA must mean the event is in Kafka): the
   * idempotent producer resolves once every in-sync replica has it. On clinical.encounter.v1, or
   * the non-production topic for an HL7 training or debugging message. Key and correlation id: the
   * encounter id. Throws while Kafka is unreachable (`messaging` answers 503).
   */
  private async publish({ event, nonProduction }: EventResult): Promise<string> {
    const published = await this.host.messaging.publisher.publish(
      nonProduction ? ENCOUNTER_TOPICS.nonProduction : ENCOUNTER_TOPICS.production,
      event.contract,
      event.draft,
      { key: event.encounterId, correlationId: event.encounterId },
    );
    return published.messageId;
  }
}

/** The text and interpretation of a message received as text or as bytes. */
function read(
  codec: ProtocolCodec,
  received: string | Buffer,
  context: ReceiptContext,
): { readonly raw: string; readonly interpretation: Interpretation } {
  if (typeof received === 'string')
    return { raw: received, interpretation: codec.interpret(received, context) };
  if (!codec.interpretBytes) throw new Error(`${codec.protocol} messages are read as text`);
  const { text, interpretation } = codec.interpretBytes(received, context);
  return { raw: text, interpretation };
}
