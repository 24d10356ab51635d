// Reads saga replies in tests: from the end of saga.replies.v1 at the moment the tap starts,
// decoded through the registry. The topic is shared by every test, so callers always filter
// (by sagaId, and by source when other participants may answer the same commands).
import { Topics } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import { tapTopic } from '@meridian/testing';
import type { TappedMessage } from '@meridian/testing';
import type { ReplyHeader } from '../definition.js';

/**
 * A reply as read off the topic: the fields every reply carries and where it was. `value` is the
 * whole record decoded without the runtime's logical types (timestamps are epoch millis, decimals
 * raw bytes).
 */
export interface TappedReply extends ReplyHeader {
  readonly recordName: string;
  readonly key: string | null;
  readonly partition: number;
  readonly offset: string;
  readonly messageId: string;
  /** `envelope.source`: the name of the participant that replied. */
  readonly source: string;
  readonly value: Readonly<Record<string, unknown>>;
}

export interface ReplyTap {
  /** Replies read so far that match `filter`, in the order read. */
  replies(filter?: (reply: TappedReply) => boolean): TappedReply[];
  /** Resolves with the first `count` matching replies; fails naming what it saw after the timeout. */
  waitFor(
    filter: (reply: TappedReply) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<TappedReply[]>;
  stop(): Promise<void>;
}

interface DecodedReply extends ReplyHeader {
  readonly envelope: { readonly messageId: string; readonly source: string };
}

function toReply(message: TappedMessage): TappedReply {
  const reply = message.value as unknown as DecodedReply;
  return {
    recordName: message.headers[RECORD_HEADER] ?? '',
    key: message.key,
    partition: message.partition,
    offset: message.offset,
    messageId: reply.envelope.messageId,
    source: reply.envelope.source,
    sagaId: reply.sagaId,
    stepName: reply.stepName,
    commandMessageId: reply.commandMessageId,
    outcome: reply.outcome,
    failure: reply.failure,
    value: message.value,
  };
}

export async function tapReplies(options: {
  readonly brokers: readonly string[];
  readonly schemaRegistryUrl: string;
}): Promise<ReplyTap> {
  const tap = await tapTopic({ ...options, topic: Topics.SagaRepliesV1.name });
  return {
    replies: (filter = () => true) => tap.messages().map(toReply).filter(filter),
    waitFor: async (filter, count, timeoutMs) =>
      (await tap.waitFor((message) => filter(toReply(message)), count, timeoutMs)).map(toReply),
    stop: () => tap.stop(),
  };
}
