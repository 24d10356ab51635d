import { Inject, Injectable } from '@nestjs/common';
import { encodeHl7Bytes, isAdtEvent } from '@meridian/hl7';
import type { MllpEvent } from '@meridian/hl7';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Counter, Histogram, Registry } from 'prom-client';
import { APP_LOGGER } from '../app.logger.js';
import { LIMIT_VARIABLES } from '../config/app.config.js';
import type { AppConfig } from '../config/app.config.js';
import type { IngestIssue } from '../encounters/encounter-facts.js';
import { IngestService } from '../ingest/ingest.service.js';
import { ProtocolCodecs } from '../ingest/protocol-codecs.js';
import type { Outcome } from '../ingest/protocol.js';

const tracer = trace.getTracer('encounter-ingest.mllp');
/**
 * The root of a message's trace (and of its saga's): what arrived how. Its attributes name the
 * message (control id, type, ACK code, encounter id), never its content.
 */
const MLLP_SPAN = {
  kind: SpanKind.SERVER,
  attributes: { 'network.transport': 'tcp', 'network.protocol.name': 'mllp' },
};

const TRUNCATED = 'the MLLP frame was cut short: a start block came before its end block';
const NOT_STORED = 'the message could not be stored; send it again';

/** The `event` metric label: a supported ADT event, else `other` (labels stay few). */
function eventLabel(messageType: string | null): string {
  const trigger = messageType?.split('^')[1] ?? '';
  return isAdtEvent(trigger) ? trigger : 'other';
}

/**
 * Answers what the MLLP decoder found on a connection: a frame goes through the ingest pipeline
 * and is answered with its ACK; a frame cut short or too long is answered AR (not stored: it is
 * not the message the sender meant, whose complete resend must not be taken for a duplicate); a
 * frame that could not be stored (database down) is answered AE 207. Counts every ACK by event
 * and code, times the pipeline, traces each message; logs ACK codes with control id and encounter
 * id only.
 */
@Injectable()
export class MllpMessageHandler {
  private readonly acks: Counter<'event' | 'ack'>;
  private readonly duration: Histogram<'event' | 'ack'>;
  private readonly oversized: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: AppConfig,
    private readonly ingest: IngestService,
    private readonly codecs: ProtocolCodecs,
    registry: Registry,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.acks = new Counter({
      name: 'mllp_messages_total',
      help: 'HL7 v2 messages received over MLLP, by ADT event and ACK code.',
      labelNames: ['event', 'ack'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'mllp_message_duration_seconds',
      help: 'Time from an MLLP frame read to its ACK, in seconds, by ADT event and ACK code.',
      labelNames: ['event', 'ack'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.oversized = `the MLLP frame exceeds ${config.maxFrameBytes} bytes (limit ${LIMIT_VARIABLES.maxFrameBytes})`;
  }

  /** The ACK for a decoder event, in the charset its MSH-18 names; undefined outside frames. */
  async answer(event: MllpEvent): Promise<Buffer | undefined> {
    switch (event.type) {
      case 'frame':
        return encodeHl7Bytes(await this.process(event.payload));
      case 'truncated':
        return encodeHl7Bytes(this.refuse(event.payload, TRUNCATED));
      case 'oversized':
        return encodeHl7Bytes(this.refuse(event.head, this.oversized));
      case 'discarded':
        this.logger.debug({ bytes: event.bytes }, 'bytes outside MLLP frames dropped');
        return undefined;
    }
  }

  private async process(raw: Buffer): Promise<string> {
    const stop = this.duration.startTimer();
    return tracer.startActiveSpan('mllp receive', MLLP_SPAN, async (span) => {
      try {
        const { message, duplicate } = await this.ingest.ingest(this.codecs.hl7, raw);
        const ack = message.ackCode ?? 'AE';
        span.setAttributes({
          'hl7.control_id': message.controlId ?? '',
          'hl7.message_type': message.messageType ?? '',
          'hl7.ack_code': ack,
          'meridian.encounter_id': message.encounterId ?? '',
        });
        // Every message is in the message store with its outcome: an AA is logged at debug (at
        // info, its line cost the process ~10% of its CPU per message under load); what an
        // operator acts on (AE, AR, a resend answered from the store) at info.
        this.logger[ack === 'AA' && !duplicate ? 'debug' : 'info'](
          {
            controlId: message.controlId,
            encounterId: message.encounterId,
            ack,
            status: message.status,
            duplicate,
          },
          'hl7 message acknowledged',
        );
        this.count(message.messageType, ack, stop);
        return message.ackText ?? '';
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'message store unavailable' });
        span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
        // The reason only: a database error carries the query's parameters (the raw payload).
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.error({ reason }, 'hl7 message not stored');
        const issue: IngestIssue = {
          kind: 'internal',
          where: 'message store',
          message: NOT_STORED,
        };
        return this.respond(raw, { status: 'FAILED', issues: [issue] }, stop);
      } finally {
        span.end();
      }
    });
  }

  private refuse(raw: Buffer, reason: string): string {
    const issue: IngestIssue = { kind: 'structure', where: 'MLLP frame', message: reason };
    return this.respond(raw, { status: 'REJECTED', issues: [issue] }, this.duration.startTimer());
  }

  /** An ACK built without the store (what the codec reads of `raw` fills its header). */
  private respond(
    raw: Buffer,
    outcome: Outcome,
    stop: (labels: { event: string; ack: string }) => void,
  ): string {
    const { interpretation } = this.codecs.hl7.interpretBytes(raw);
    const answer = interpretation.answer(outcome);
    const { controlId, encounterId, messageType } = interpretation.identity;
    this.logger.warn(
      { controlId, encounterId, ack: answer.code, status: outcome.status },
      'hl7 message answered without being stored',
    );
    this.count(messageType, answer.code, stop);
    return answer.text;
  }

  private count(
    messageType: string | null,
    ack: string,
    stop: (labels: { event: string; ack: string }) => void,
  ): void {
    const labels = { event: eventLabel(messageType), ack };
    this.acks.inc(labels);
    stop(labels);
  }
}
