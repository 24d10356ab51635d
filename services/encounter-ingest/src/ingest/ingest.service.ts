import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { PublishOutcome } from '@meridian/messaging';
import { SERVICE_CONFIG, ServiceMessagingHost } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { APP_LOGGER } from '../app.logger.js';
import type { AppConfig } from '../config/app.config.js';
import { ENCOUNTER_TOPICS } from '../encounters/encounter-events.js';
import type { InboundMessage } from '../messages/inbound-message.entity.js';
import { MessageStore, PayloadPurgedError, processedRow } from '../messages/message-store.js';
import type { ReceivedMessage } from '../messages/message-store.js';
import { GroupCommit } from './group-commit.js';
import { AlreadyProcessedError, MessageNotFoundError } from './ingest.errors.js';
import { OpenTransactions } from './open-transactions.js';
import { ProtocolCodecs } from './protocol-codecs.js';
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

/** A message read on arrival, waiting for the group it is written in. */
interface Arrival extends ReceivedMessage {
  readonly interpretation: Interpretation;
  /** The trace it arrived in (MLLP receive, FHIR request): its event's PRODUCER span's parent. */
  readonly trace: Context;
  /** The id its event (if it means one) is sent with when written in a group. */
  readonly eventId: string;
}

/** A message whose outcome is being decided: stored, read, and the id its event is sent with. */
interface Processing {
  readonly message: InboundMessage;
  readonly interpretation: Interpretation;
  readonly trace: Context;
  readonly eventId: string;
}

/**
 * The one pipeline of every inbound message, whatever its protocol: store the raw message, skip a
 * resend of a message already answered (same sender and control id: the stored answer is given
 * again), interpret it (parse, validate, map to the canonical event), publish the event straight
 * to Kafka, and record the outcome with the answer (HL7 ACK, FHIR OperationOutcome).
 *
 * Group commit: a message is interpreted as it arrives; messages arriving while the groups in
 * flight (INGEST_GROUPS_IN_FLIGHT) are being written, from every MLLP connection and HTTP request,
 * form the next group, at most INGEST_MAX_GROUP_SIZE: their rows stored in one INSERT with the
 * outcome they have once their events are in Kafka (the events' ids chosen beforehand), their
 * events sent in one produce request (acks=all), all in one transaction begun ahead
 * (`OpenTransactions`: INSERT, produce, COMMIT are the group's round trips; an UPDATE only for the
 * messages whose event Kafka did not take, recorded FAILED); each is answered once it commits. A resend (the row is stored already) is processed alone after its
 * group: its row is locked while processed, so concurrent copies of one message wait for the first
 * and get its answer; a FAILED message (Kafka down) is processed again when resent. A group the
 * database refuses before anything was published is processed message by message, so one message
 * fails alone.
 */
@Injectable()
export class IngestService implements BeforeApplicationShutdown {
  private readonly groups: GroupCommit<Arrival, IngestResult>;
  private readonly transactions: OpenTransactions;

  constructor(
    @Inject(SERVICE_CONFIG) config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly store: MessageStore,
    private readonly host: ServiceMessagingHost,
    private readonly codecs: ProtocolCodecs,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    const sizes = new Histogram({
      name: 'ingest_group_messages',
      help: 'Messages written per group (one transaction, one produce request).',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    });
    this.transactions = new OpenTransactions(dataSource);
    this.groups = new GroupCommit({
      maxGroupSize: config.ingestMaxGroupSize,
      maxInFlight: config.ingestGroupsInFlight,
      write: (group) => this.writeGroup(group),
      onGroup: (size) => sizes.observe(size),
    });
  }

  /** After the MLLP listener answered what it read: the transactions begun ahead end. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.transactions.close();
  }

  /**
   * Runs the pipeline on a message just received, as text (FHIR) or as bytes (HL7 v2 over MLLP:
   * the codec decodes them; they are stored as received); throws only when the database is
   * unusable.
   */
  async ingest(codec: ProtocolCodec, received: string | Buffer): Promise<IngestResult> {
    const receivedAt = new Date();
    const id = randomUUID();
    const { raw, interpretation } = read(codec, received, { receivedAt, messageId: id });
    return this.groups.submit({
      id,
      protocol: codec.protocol,
      identity: interpretation.identity,
      raw,
      bytes: typeof received === 'string' ? null : received,
      receivedAt,
      interpretation,
      trace: context.active(),
      eventId: randomUUID(),
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
      return this.process(manager, message, payload, interpretation, context.active());
    });
  }

  /**
   * One group in one transaction: new messages stored, their events published in one request,
   * their outcomes recorded. Resends are answered after it, each on its own.
   */
  private async writeGroup(
    group: readonly Arrival[],
  ): Promise<(IngestResult | Promise<IngestResult>)[]> {
    let publishing = false;
    let fresh: Map<string, IngestResult>;
    try {
      fresh = await this.transactions.run(async (manager) => {
        const stored = await this.store.storeAll(
          manager,
          group.map((arrival) =>
            rowOf(arrival, acceptedOutcome(arrival.interpretation, arrival.eventId)),
          ),
        );
        const arrivals = new Map(group.map((arrival) => [arrival.id, arrival]));
        const processing = stored.map((message): Processing => {
          const { interpretation, trace, eventId } = arrivals.get(message.id) as Arrival;
          return { message, interpretation, trace, eventId };
        });
        publishing = true;
        const outcomes = await this.outcomesOf(processing);
        // Stored as accepted; one whose event Kafka did not take is recorded FAILED.
        const failed = processing.flatMap(({ message }, i) => {
          const outcome = outcomes[i] as Outcome;
          return outcome.status === message.status
            ? []
            : [rowOf(arrivals.get(message.id) as Arrival, outcome)];
        });
        await this.store.recordAll(manager, failed);
        return new Map(
          [...stored, ...failed].map((message) => [message.id, { message, duplicate: false }]),
        );
      });
    } catch (error) {
      if (publishing) throw error;
      // Nothing published: each message on its own, so one the database refuses fails alone.
      return group.map((arrival) => this.ingestAlone(arrival));
    }
    return group.map((arrival) => fresh.get(arrival.id) ?? this.ingestAlone(arrival));
  }

  /**
   * A message on its own: stored (a resend: its stored row found), then processed with its row
   * locked, unless it was answered already (PROCESSED or REJECTED: the stored answer).
   */
  private async ingestAlone(arrival: Arrival): Promise<IngestResult> {
    const id = await this.store.receive(arrival);
    return this.dataSource.transaction(async (manager) => {
      const message = await this.store.lock(manager, id, { wait: true });
      if (!message) throw new MessageNotFoundError(id);
      if (message.status === 'PROCESSED' || message.status === 'REJECTED')
        return { message, duplicate: true };
      // A resend of a FAILED one, one a crash left RECEIVED, or a group's the database refused.
      const { raw, bytes, interpretation, trace } = arrival;
      const processed = await this.process(manager, message, { raw, bytes }, interpretation, trace);
      return { message: processed, duplicate: false };
    });
  }

  private async process(
    manager: EntityManager,
    message: InboundMessage,
    payload: { readonly raw: string; readonly bytes: Buffer | null },
    interpretation: Interpretation,
    trace: Context,
  ): Promise<InboundMessage> {
    const processing = { message, interpretation, trace, eventId: randomUUID() };
    const [outcome] = (await this.outcomesOf([processing])) as [Outcome];
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

  /**
   * The outcome of each message: REJECTED with its issues, or its event published (all of them in
   * one request): PROCESSED, or FAILED when Kafka did not take it.
   */
  private async outcomesOf(processing: readonly Processing[]): Promise<Outcome[]> {
    const events = processing.flatMap(({ message, interpretation, trace, eventId }) =>
      'event' in interpretation.result
        ? [{ message, result: interpretation.result, trace, eventId }]
        : [],
    );
    const published = new Map<string, PublishOutcome>();
    (await this.publish(events)).forEach((outcome, i) =>
      published.set((events[i] as (typeof events)[number]).message.id, outcome),
    );
    return processing.map(({ message, interpretation, eventId }): Outcome => {
      const { result } = interpretation;
      const outcome = published.get(message.id);
      if ('issues' in result || outcome?.ok) return acceptedOutcome(interpretation, eventId);
      this.logger.warn(
        {
          messageId: message.id,
          controlId: message.controlId,
          encounterId: result.event.encounterId,
          reason: reasonOf(outcome?.error),
        },
        'encounter event not published',
      );
      return {
        status: 'FAILED',
        issues: [{ kind: 'internal', where: 'Kafka', message: NOT_PUBLISHED }],
      };
    });
  }

  /**
   * Straight to Kafka, not through the outbox (an ACK AA must mean the event is in Kafka), in one
   * produce request: the idempotent producer resolves once every in-sync replica has them. On
   * clinical.encounter.v1, or the non-production topic for an HL7 training or debugging message.
   * Key and correlation id: the encounter id. Every one fails while Kafka is unreachable.
   */
  private async publish(
    events: readonly {
      readonly result: EventResult;
      readonly trace: Context;
      readonly eventId: string;
    }[],
  ): Promise<PublishOutcome[]> {
    if (events.length === 0) return [];
    try {
      return await this.host.messaging.publisher.publishAll(
        events.map(({ result: { event, nonProduction }, trace, eventId }) => ({
          topic: nonProduction ? ENCOUNTER_TOPICS.nonProduction : ENCOUNTER_TOPICS.production,
          contract: event.contract,
          draft: event.draft,
          options: { key: event.encounterId, correlationId: event.encounterId, messageId: eventId },
          trace,
        })),
      );
    } catch (error) {
      // Messaging not running (Kafka unreachable at start, or stopping).
      return events.map(() => ({ ok: false, error }));
    }
  }
}

/**
 * The outcome of a message once its event (when it means one) is in Kafka: PROCESSED with the id
 * the event was sent with, or REJECTED with its issues.
 */
function acceptedOutcome(interpretation: Interpretation, eventId: string): Outcome {
  const { result } = interpretation;
  return 'issues' in result
    ? { status: 'REJECTED', issues: result.issues }
    : { status: 'PROCESSED', eventIds: [eventId] };
}

/** The row of a message of a group, stored with `outcome` (its first attempt). */
function rowOf(arrival: Arrival, outcome: Outcome): InboundMessage {
  const { interpretation } = arrival;
  const { ignored = [] } = interpretation;
  return processedRow(arrival, { ignored, outcome, answer: interpretation.answer(outcome) });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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
