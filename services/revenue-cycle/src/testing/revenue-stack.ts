// revenue-cycle as its own process on the real stack, for the integration tests: a fresh
// database, a fresh consumer group that starts at the current end of the shared command topic (so
// it answers only commands sent from now on), a sender playing the orchestrator and a reply tap.
import {
  CompleteCoding,
  FinalizeCharges,
  ImplantUsageReversed,
  PostImplantCharge,
  ReverseCharges,
  ReverseImplantCharge,
  SubmitClaim,
  Topics,
  VoidClaim,
} from '@meridian/contracts';
import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import { createMessaging } from '@meridian/messaging';
import type { Draft, Messaging, Published } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { TappedReply } from '@meridian/saga/testing';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  startGroupAtEnd,
  startServiceProcess,
  tapTopic,
  uniqueName,
} from '@meridian/testing';
import type { ServiceProcess, TestDatabase, TopicTap } from '@meridian/testing';

const SERVICE = 'revenue-cycle';
const COMMANDS = Topics.RevenueCycleCommandsV1;
type Command = TopicRecordContract<typeof COMMANDS>;

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface HttpAnswer<T> {
  readonly status: number;
  readonly contentType: string;
  readonly body: T;
}

export interface RevenueStack {
  readonly service: ServiceProcess;
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
  http<T>(method: HttpMethod, path: string, body?: unknown): Promise<HttpAnswer<T>>;
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
  const logger = createLogger({
    name: `${prefix}-spec`,
    level: process.env['LOG_LEVEL'] ?? 'error',
  });
  const group = uniqueName(`${prefix}_group`);
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const db: TestDatabase = await createTestDatabase(infra.databaseUrl, prefix);
    cleanups.push(() => db.drop());
    const sender: Messaging = await createMessaging({
      serviceName: uniqueName(`${prefix}_orchestrator`),
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger,
      produces: [
        {
          topic: COMMANDS,
          records: [
            FinalizeCharges,
            ReverseCharges,
            CompleteCoding,
            SubmitClaim,
            VoidClaim,
            PostImplantCharge,
            ReverseImplantCharge,
          ],
        },
        { topic: Topics.SupplyUsageV1, records: [ImplantUsageReversed] },
      ],
    });
    cleanups.push(() => sender.stop());
    await sender.provision([COMMANDS, Topics.SagaRepliesV1, Topics.SupplyUsageV1]);
    await startGroupAtEnd({
      brokers: infra.kafkaBrokers,
      group,
      topics: [COMMANDS.name, Topics.SupplyUsageV1.name],
    });
    cleanups.push(() => purgeConsumerGroup({ brokers: infra.kafkaBrokers, group }));
    const endpoints = { brokers: infra.kafkaBrokers, schemaRegistryUrl: infra.schemaRegistryUrl };
    const tap = await tapReplies(endpoints);
    cleanups.push(() => tap.stop());
    const service = await startServiceProcess(SERVICE, {
      databaseUrl: db.url,
      env: { KAFKA_CONSUMER_GROUP: group },
    });
    cleanups.push(() => service.stop());

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
      tapEvents: async (topic) => {
        const events = await tapTopic({ ...endpoints, topic: topic.name });
        cleanups.push(() => events.stop());
        return events;
      },
      http: async <T>(method: HttpMethod, path: string, body?: unknown) =>
        answerOf<T>(
          await fetch(`${service.url}${path}`, {
            method,
            ...(body === undefined
              ? {}
              : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
          }),
        ),
      postCsv: async <T>(path: string, csv: string) =>
        answerOf<T>(
          await fetch(`${service.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv; charset=utf-8' },
            body: csv,
          }),
        ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
