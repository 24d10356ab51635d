// procure-to-pay as its own process on the real stack (see startServiceUnderTest), with what its
// integration tests add: a sender of saga commands, taps on saga.replies.v1, p2p.journal.v1,
// p2p.purchase-order.v1 and p2p.invoice.v1, and the depth of the group's DLQ. Other procure-to-pay
// processes (a bench, a demo, another engineer's run) may answer the same shared commands: a reply
// or fact counts only when this process wrote it (its envelope's messageId is in this database's
// outbox).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { Topics } from '@meridian/contracts';
import type {
  JournalPosted,
  JournalReversed,
  PostRevenueJournal,
  RecordContract,
  RecordOf,
  ReverseJournal,
  TopicRecordContract,
} from '@meridian/contracts';
import { deadLetterTopic, RECORD_HEADER } from '@meridian/messaging';
import type { Draft } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { TappedReply } from '@meridian/saga/testing';
import { allRecords } from '@meridian/service-kit';
import { startTestSender } from '@meridian/service-kit/testing';
import pg from 'pg';
import { getInfra, startServiceUnderTest, topicDepth, until } from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage } from '@meridian/testing';

const WAIT_MS = 60_000;
const COMMANDS = Topics.ProcureToPayCommandsV1;
const FACT_TOPICS = [Topics.P2pJournalV1, Topics.P2pPurchaseOrderV1, Topics.P2pInvoiceV1] as const;
type Command = TopicRecordContract<typeof COMMANDS>;

export interface LedgerHarness {
  readonly service: ServiceUnderTest;
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
  stop(): Promise<void>;
}

export async function startLedger(): Promise<LedgerHarness> {
  const infra = getInfra();
  const endpoints = { brokers: infra.kafkaBrokers, schemaRegistryUrl: infra.schemaRegistryUrl };
  const messaging = await startTestSender({
    name: 'p2p-ledger-it',
    produces: allRecords(COMMANDS),
    provision: [Topics.SagaRepliesV1, Topics.AuditV1, ...FACT_TOPICS],
  });
  const replies = await tapReplies(endpoints);
  const service = await startServiceUnderTest('procure-to-pay', {
    consumes: [COMMANDS.name],
    taps: FACT_TOPICS.map((topic) => topic.name),
    owns: [messaging, replies],
  });
  const outbox = new pg.Pool({ connectionString: service.database.url, max: 2 });
  service.onStop(() => outbox.end());
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
  const facts = service.tapped(Topics.P2pJournalV1.name);
  const isFact =
    (record: RecordContract<unknown>, key: string) =>
    (m: TappedMessage): boolean =>
      m.headers[RECORD_HEADER] === record.fullName && m.key === key;
  const tapOf = (record: RecordContract<unknown>) => {
    const topic = FACT_TOPICS.find((t) =>
      (t.records as readonly RecordContract<unknown>[]).includes(record),
    );
    assert.ok(topic, `${record.fullName} is not a procure-to-pay fact`);
    return service.tapped(topic.name);
  };

  return {
    service,
    send: async (contract, draft, key) => {
      const published = await messaging.publisher.publish(COMMANDS, contract, draft, {
        key,
        correlationId: draft.sagaId,
      });
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
    deadLetterCount: () => topicDepth(infra.kafkaBrokers, deadLetterTopic(service.group)),
    stop: () => service.stop(),
  };
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
