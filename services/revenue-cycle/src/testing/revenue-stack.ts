// revenue-cycle as its own process on the real stack (see startServiceUnderTest: its consumer group
// starts at the current end of the shared command topic, so it answers only commands sent from now
// on), with a sender playing the orchestrator and supply-consumption, and a reply tap.
import { ImplantUsageReversed, Topics } from '@meridian/contracts';
import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import type { Draft, Published } from '@meridian/messaging';
import { allRecords } from '@meridian/service-kit';
import { startTestSender } from '@meridian/service-kit/testing';
import { tapReplies } from '@meridian/saga/testing';
import type { TappedReply } from '@meridian/saga/testing';
import { getInfra, startServiceUnderTest } from '@meridian/testing';
import type { HttpMethod, ServiceUnderTest, TopicTap } from '@meridian/testing';

const SERVICE = 'revenue-cycle';
const COMMANDS = Topics.RevenueCycleCommandsV1;
type Command = TopicRecordContract<typeof COMMANDS>;

export interface HttpAnswer<T> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

export interface RevenueStack {
  readonly service: ServiceUnderTest;
  /** Sends a command as the orchestrator would: keyed by `key`, correlated by its saga id. */
  send<K extends Command>(contract: K, draft: Draft<RecordOf<K>>, key: string): Promise<Published>;
  /** The revenue-cycle reply to a command sent with `send`. */
  replyTo(command: Published, timeoutMs?: number): Promise<TappedReply>;
  /** Every revenue-cycle reply read so far for a saga. */
  repliesOf(sagaId: string): TappedReply[];
  /** The first `count` revenue-cycle replies for a saga (e.g. answered later, by a coder). */
  waitForReplies(sagaId: string, count: number): Promise<TappedReply[]>;
  /**
   * Publishes a supply-consumption implant reversal keyed as supply-consumption would (by device),
   * or by `key` (reports with one key are read in order).
   */
  reportReversal(event: Draft<ImplantUsageReversed>, key?: string): Promise<Published>;
  /** Reads an event topic from now on. */
  tapEvents(topic: TopicContract<unknown>): Promise<TopicTap>;
  /** A call with the harness token (every role), or with `token` (`roleToken('coder')`). */
  http<T>(method: HttpMethod, path: string, body?: unknown, token?: string): Promise<HttpAnswer<T>>;
  /** POSTs a text/csv body (a bulk import). */
  postCsv<T>(path: string, csv: string): Promise<HttpAnswer<T>>;
  stop(): Promise<void>;
}

async function answerOf<T>(response: Response): Promise<HttpAnswer<T>> {
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: (await response.json()) as T,
  };
}

const ofSaga =
  (sagaId: string) =>
  (reply: TappedReply): boolean =>
    reply.sagaId === sagaId && reply.source === SERVICE;

export async function startRevenueStack(prefix: string): Promise<RevenueStack> {
  const infra = getInfra();
  const sender = await startTestSender({
    name: `${prefix}-orchestrator`,
    produces: [
      ...allRecords(COMMANDS),
      { topic: Topics.SupplyUsageV1, records: [ImplantUsageReversed] },
    ],
    provision: [Topics.SagaRepliesV1],
  });
  const tap = await tapReplies({
    brokers: infra.kafkaBrokers,
    schemaRegistryUrl: infra.schemaRegistryUrl,
  }).catch(async (error: unknown) => {
    await sender.stop();
    throw error;
  });
  const service = await startServiceUnderTest(SERVICE, {
    databasePrefix: prefix,
    consumes: [COMMANDS.name, Topics.SupplyUsageV1.name],
    owns: [sender, tap],
  });
  return {
    service,
    send: (contract, draft, key) => {
      const sagaId = (draft as { sagaId: string }).sagaId;
      return sender.publisher.publish(COMMANDS, contract, draft, { key, correlationId: sagaId });
    },
    replyTo: async (command, timeoutMs = 30_000) => {
      const [reply] = await tap.waitFor(
        (r) => r.commandMessageId === command.messageId && r.source === SERVICE,
        1,
        timeoutMs,
      );
      if (!reply) throw new Error(`no reply to ${command.messageId}`);
      return reply;
    },
    reportReversal: (event, key) =>
      sender.publisher.publish(Topics.SupplyUsageV1, ImplantUsageReversed, event, {
        key:
          key ??
          event.udi.serialNumber ??
          `${event.udi.deviceIdentifier}:${event.udi.lotNumber ?? ''}`,
      }),
    repliesOf: (sagaId) => tap.replies(ofSaga(sagaId)),
    waitForReplies: (sagaId, count) => tap.waitFor(ofSaga(sagaId), count),
    tapEvents: (topic) => service.tap(topic.name),
    http: async <T>(method: HttpMethod, path: string, body?: unknown, token?: string) =>
      answerOf<T>(
        await service.send(
          method,
          path,
          body,
          token ? { authorization: `Bearer ${token}` } : undefined,
        ),
      ),
    postCsv: async <T>(path: string, csv: string) =>
      answerOf<T>(await service.send('POST', path, csv)),
    stop: () => service.stop(),
  };
}
