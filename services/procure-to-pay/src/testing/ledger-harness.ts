// The service as its own process on a fresh database, with a consumer group of its own that starts
// at the current end of the commands topic, and what its integration tests need: a sender of saga
// commands, taps on saga.replies.v1, p2p.journal.v1, p2p.purchase-order.v1, p2p.invoice.v1 and
// the group's DLQ, and JSON over HTTP. Other procure-to-pay processes (a bench, a demo, another
// engineer's run) may answer the same shared commands: a reply or fact counts only when this
// process wrote it (its envelope's messageId is in this database's outbox).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ApproveInvoiceAndPostCost,
  CancelPurchaseOrder,
  CreateBillOnlyPurchaseOrder,
  formatCents,
  MatchSupplierInvoice,
  PostRevenueJournal,
  ReverseJournal,
  Topics,
} from '@meridian/contracts';
import type { JournalPosted, JournalReversed, RecordContract, RecordOf } from '@meridian/contracts';
import { createMessaging, deadLetterTopic, RECORD_HEADER } from '@meridian/messaging';
import type { Draft } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { TappedReply } from '@meridian/saga/testing';
import { PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import { createLogger } from '@meridian/telemetry';
import pg from 'pg';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  topicDepth,
  startGroupAtEnd,
  startServiceProcess,
  tapTopic,
  uniqueName,
  until,
} from '@meridian/testing';
import type { TappedMessage } from '@meridian/testing';

const WAIT_MS = 60_000;
const COMMANDS = [
  PostRevenueJournal,
  ReverseJournal,
  CreateBillOnlyPurchaseOrder,
  CancelPurchaseOrder,
  MatchSupplierInvoice,
  ApproveInvoiceAndPostCost,
] as const;
const FACT_TOPICS = [Topics.P2pJournalV1, Topics.P2pPurchaseOrderV1, Topics.P2pInvoiceV1] as const;
type Command = (typeof COMMANDS)[number];

export interface LedgerHarness {
  readonly url: string;
  /** Publishes a command keyed by `key` (the saga business key), as the orchestrator does. */
  send<K extends Command>(
    contract: K,
    draft: Draft<RecordOf<K>> & { readonly sagaId: string },
    key: string,
  ): Promise<string>;
  /** The reply to the command with this messageId (replies are shared: filtered by it). */
  replyTo(commandMessageId: string): Promise<TappedReply>;
  /** The replies this process sent so far to the command with this messageId. */
  repliesSoFar(commandMessageId: string): Promise<TappedReply[]>;
  /**
   * The first fact of `record` on p2p.journal.v1, p2p.purchase-order.v1 or p2p.invoice.v1 with this
   * key (`value` is raw Avro: decimals are bytes, see `decimalOf`).
   */
  fact(record: RecordContract<unknown>, key: string): Promise<TappedMessage>;
  /** The facts of `record` with this key this process published so far. */
  factsSoFar(record: RecordContract<unknown>, key: string): Promise<TappedMessage[]>;
  /** The p2p.journal.v1 fact of this record and journal id (`value` is raw Avro: no logical types). */
  journalEvent(
    record: typeof JournalPosted | typeof JournalReversed,
    journalId: string,
  ): Promise<TappedMessage>;
  /** How many messages the service's DLQ holds. */
  deadLetterCount(): Promise<number>;
  getJson<T>(path: string): Promise<T>;
  getText(path: string): Promise<string>;
  getProblem(path: string, status: number): Promise<ProblemDetails>;
  /** PUTs or POSTs `body` as JSON, or as text/csv when it is a string. */
  write(method: 'PUT' | 'POST', path: string, body: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export async function startLedger(): Promise<LedgerHarness> {
  const infra = getInfra();
  const endpoints = { brokers: infra.kafkaBrokers, schemaRegistryUrl: infra.schemaRegistryUrl };
  const messaging = await createMessaging({
    ...endpoints,
    serviceName: 'p2p-ledger-test',
    logger: createLogger({ name: 'p2p-ledger-test', level: 'warn' }),
    produces: [{ topic: Topics.ProcureToPayCommandsV1, records: [...COMMANDS] }],
  });
  await messaging.provision([Topics.ProcureToPayCommandsV1, Topics.SagaRepliesV1, ...FACT_TOPICS]);
  const group = uniqueName('procure_to_pay_it');
  const commands = Topics.ProcureToPayCommandsV1.name;
  await startGroupAtEnd({ brokers: infra.kafkaBrokers, group, topics: [commands] });
  const database = await createTestDatabase(infra.databaseUrl, 'procure_to_pay');
  const service = await startServiceProcess('procure-to-pay', {
    databaseUrl: database.url,
    env: { KAFKA_CONSUMER_GROUP: group },
  });
  const replies = await tapReplies(endpoints);
  const outbox = new pg.Pool({ connectionString: database.url, max: 2 });
  const ownIds = new Map<string, boolean>();
  /** Whether this process wrote the message (a message is in the outbox before it is on a topic). */
  const wroteIt = async (messageId: string): Promise<boolean> => {
    const known = ownIds.get(messageId);
    if (known !== undefined) return known;
    const { rowCount } = await outbox.query(
      'SELECT 1 FROM messaging_outbox WHERE message_id = $1',
      [messageId],
    );
    ownIds.set(messageId, (rowCount ?? 0) > 0);
    return (rowCount ?? 0) > 0;
  };
  const own = async <T>(items: readonly T[], idOf: (item: T) => string): Promise<T[]> => {
    const mine = await Promise.all(items.map((item) => wroteIt(idOf(item))));
    return items.filter((_, index) => mine[index]);
  };
  /** The first of `candidates()` this process wrote, waiting for it. */
  const firstOwn = async <T>(
    what: string,
    candidates: () => readonly T[],
    idOf: (item: T) => string,
  ): Promise<T> => {
    let found: T | undefined;
    await until(
      what,
      async () => {
        [found] = await own(candidates(), idOf);
        return found !== undefined;
      },
      WAIT_MS,
    );
    assert.ok(found !== undefined);
    return found;
  };
  const envelopeIdOf = (m: TappedMessage): string =>
    String((m.value['envelope'] as Record<string, unknown> | undefined)?.['messageId']);
  const taps = await Promise.all(
    FACT_TOPICS.map((topic) => tapTopic({ ...endpoints, topic: topic.name })),
  );
  const [facts] = taps;
  assert.ok(facts);
  const isFact =
    (record: RecordContract<unknown>, key: string) =>
    (m: TappedMessage): boolean =>
      m.headers[RECORD_HEADER] === record.fullName && m.key === key;
  const tapOf = (record: RecordContract<unknown>) => {
    const index = FACT_TOPICS.findIndex((t) =>
      (t.records as readonly RecordContract<unknown>[]).includes(record),
    );
    const tap = taps[index];
    assert.ok(tap, `${record.fullName} is not a procure-to-pay fact`);
    return tap;
  };

  return {
    url: service.url,
    send: async (contract, draft, key) => {
      const published = await messaging.publisher.publish(
        Topics.ProcureToPayCommandsV1,
        contract,
        draft,
        { key, correlationId: draft.sagaId },
      );
      return published.messageId;
    },
    replyTo: (commandMessageId) =>
      firstOwn(
        `the reply to ${commandMessageId}`,
        () => replies.replies((r) => r.commandMessageId === commandMessageId),
        (r) => r.messageId,
      ),
    repliesSoFar: (commandMessageId) =>
      own(
        replies.replies((r) => r.commandMessageId === commandMessageId),
        (r) => r.messageId,
      ),
    fact: (record, key) =>
      firstOwn(
        `${record.fullName} ${key}`,
        () => tapOf(record).messages(isFact(record, key)),
        envelopeIdOf,
      ),
    factsSoFar: (record, key) => own(tapOf(record).messages(isFact(record, key)), envelopeIdOf),
    journalEvent: (record, journalId) =>
      firstOwn(
        `${record.fullName} ${journalId}`,
        () =>
          facts.messages(
            (f) =>
              f.headers[RECORD_HEADER] === record.fullName && f.value['journalId'] === journalId,
          ),
        envelopeIdOf,
      ),
    deadLetterCount: () => topicDepth(infra.kafkaBrokers, deadLetterTopic(group)),
    getJson: async <T>(path: string): Promise<T> =>
      bodyOf<T>(await fetch(`${service.url}${path}`), 200),
    getText: async (path) => {
      const response = await fetch(`${service.url}${path}`);
      const text = await response.text();
      assert.equal(response.status, 200, text);
      return text;
    },
    getProblem: async (path, status) => problemOf(await fetch(`${service.url}${path}`), status),
    write: (method, path, body) =>
      fetch(`${service.url}${path}`, {
        method,
        headers: { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    stop: async () => {
      await Promise.allSettled([
        replies.stop(),
        ...taps.map((t) => t.stop()),
        messaging.stop(),
        outbox.end(),
      ]);
      await service.stop();
      await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
      await database.drop();
    },
  };
}

/** The JSON body of a response that must have `status`. */
export async function bodyOf<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** The problem+json body of a response that must have `status`. */
export async function problemOf(response: Response, status: number): Promise<ProblemDetails> {
  const problem = await bodyOf<ProblemDetails>(response, status);
  assert.equal(response.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
  return problem;
}

/** The decimal text of a raw Avro decimal(14,2) (big-endian two's complement bytes); null for null. */
export function decimalOf(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  assert.ok(Buffer.isBuffer(raw), 'a decimal is raw bytes');
  if (raw.length === 0) return '0.00';
  const unsigned = BigInt(`0x${raw.toString('hex')}`);
  const signed = (raw[0] ?? 0) >= 0x80 ? unsigned - (1n << BigInt(8 * raw.length)) : unsigned;
  return formatCents(Number(signed));
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

/** A PostRevenueJournal of a fresh saga, encounter and claim: 3 days on 4 West, a lab panel, an X-ray. */
export function revenueCommand(
  overrides: Partial<Draft<PostRevenueJournal>> = {},
): Draft<PostRevenueJournal> {
  return {
    sagaId: randomUUID(),
    sagaType: 'discharge-to-revenue',
    stepName: 'PostRevenueJournal',
    encounterId: `V${hex(4)}`,
    claimId: `CLM-${hex(5)}`,
    payerId: 'BCBS-PPO',
    patientClass: 'INPATIENT',
    amountLines: [
      { revenueCode: '0120', amount: '7350.00' },
      { revenueCode: '0301', amount: '145.00' },
      { revenueCode: '0324', amount: '310.00' },
    ],
    totalAmount: '7805.00',
    currency: 'USD',
    postingDate: null,
    ...overrides,
  };
}

/** The compensation of `posted` (from the same saga), reversing `journalId`. */
export function reverseCommand(
  posted: Draft<PostRevenueJournal>,
  journalId: string,
  forwardMessageId: string,
): Draft<ReverseJournal> {
  return {
    sagaId: posted.sagaId,
    sagaType: posted.sagaType,
    stepName: posted.stepName,
    compensatedCommandMessageId: forwardMessageId,
    journalId,
    claimId: posted.claimId,
    reason: 'discharge cancelled (ADT^A13) or saga compensated',
  };
}
