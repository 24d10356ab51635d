import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  ReleaseBed,
  ReleaseBedReply,
  RestoreBed,
  RestoreBedReply,
  Topics,
  VoidClaim,
  VoidClaimReply,
} from '@meridian/contracts';
import {
  createMessaging,
  MESSAGING_ENTITIES,
  MessagingTables1795300000000,
} from '@meridian/messaging';
import type { Messaging, Published } from '@meridian/messaging';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  startGroupAtEnd,
  tapTopic,
  uniqueName,
  until,
} from '@meridian/testing';
import type { TappedMessage, TestDatabase, TopicTap } from '@meridian/testing';
import { DataSource } from 'typeorm';
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { SagaParticipantAnswers1795600000000 } from '../participant-store/participant-answer.migration.js';
import { answerCommand, CommandRejectedError, DEFERRED, sendReply } from './command-reply.js';
import type { Answer, ReplySender } from './command-reply.js';
import { TEST_CONSUMER_OPTIONS } from '../testing/saga-fixture.js';

const infra = getInfra();
const logger = createLogger({
  name: 'answer-command-spec',
  level: process.env['LOG_LEVEL'] ?? 'error',
});
const BEDS = Topics.WorkforceSyncCommandsV1;
const CLAIMS = Topics.RevenueCycleCommandsV1;
const STEP = 'ReleaseBed';

/** What the probe participant's work leaves behind: one row per run that committed. */
class ProbeTables1795600000001 implements MigrationInterface {
  readonly name = 'ProbeTables1795600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE probe_work (
        id bigserial PRIMARY KEY,
        saga_id uuid NOT NULL,
        command_type text NOT NULL,
        command_message_id uuid NOT NULL
      )`);
    // A work queue as the coding queue is: no key, so a second item would show.
    await q.query(
      'CREATE TABLE probe_queue (saga_id uuid NOT NULL, command_message_id uuid NOT NULL)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE probe_queue');
    await q.query('DROP TABLE probe_work');
  }
}

type Scenario = 'succeed' | 'reject-until-fixed' | 'defer';

interface AnswerRow {
  readonly command_type: string;
  readonly outcome: string;
  readonly command_message_id: string;
  readonly reply_record: string;
  readonly reply_json: Record<string, unknown> | null;
}

/** Counts this run of the work; the count is in the reply, so a second run would show there too. */
async function recordWork(
  manager: EntityManager,
  command: { sagaId: string; envelope: { messageId: string } },
  commandType: string,
): Promise<number> {
  await manager.query(
    'INSERT INTO probe_work (saga_id, command_type, command_message_id) VALUES ($1, $2, $3)',
    [command.sagaId, commandType, command.envelope.messageId],
  );
  const [row] = await manager.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM probe_work WHERE saga_id = $1 AND command_type = $2',
    [command.sagaId, commandType],
  );
  return row?.n ?? 0;
}

describe('answerCommand against the real stack: one answer per saga, step and command type', () => {
  const participant = uniqueName('answer_probe');
  const sender = uniqueName('answer_orchestrator');
  const scenarios = new Map<string, Scenario>();
  const fixed = new Set<string>();
  let db: TestDatabase;
  let dataSource: DataSource;
  let messaging: Messaging;
  let orchestrator: Messaging;
  let replies: TopicTap;

  before(async () => {
    db = await createTestDatabase(infra.databaseUrl, 'answer_command');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: MESSAGING_ENTITIES,
      migrations: [
        MessagingTables1795300000000,
        SagaParticipantAnswers1795600000000,
        ProbeTables1795600000001,
      ],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    orchestrator = await createMessaging({
      serviceName: sender,
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger,
      produces: [
        { topic: BEDS, records: [ReleaseBed, RestoreBed] },
        { topic: CLAIMS, records: [VoidClaim] },
      ],
    });
    await orchestrator.provision([BEDS, CLAIMS, Topics.SagaRepliesV1]);
    messaging = await createMessaging({
      serviceName: participant,
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger,
      dataSource,
      produces: [
        {
          topic: Topics.SagaRepliesV1,
          records: [ReleaseBedReply, RestoreBedReply, VoidClaimReply],
        },
      ],
    });
    // The command topics are shared: this group reads only what is sent from now on, and only
    // this suite's commands are answered.
    await startGroupAtEnd({
      brokers: infra.kafkaBrokers,
      group: participant,
      topics: [BEDS.name, CLAIMS.name],
    });
    const consumer = messaging.consumer(participant, TEST_CONSUMER_OPTIONS);
    const ours = (command: { envelope: { source: string } }): boolean =>
      command.envelope.source === sender;
    consumer.on(BEDS, ReleaseBed, async (command, ctx) => {
      if (!ours(command)) return;
      await answerCommand(ctx, command, ReleaseBedReply, async (manager) => {
        const runs = await recordWork(manager, command, ReleaseBed.fullName);
        const answer: Answer<ReleaseBedReply> = { bedStatus: 'CLEANING', unitCensus: runs };
        switch (scenarios.get(command.sagaId) ?? 'succeed') {
          case 'succeed':
            return answer;
          case 'reject-until-fixed':
            if (fixed.has(command.sagaId)) return answer;
            throw new CommandRejectedError('BED_NOT_FOUND', 'the bed is not on the bed board');
          case 'defer':
            await manager.query(
              'INSERT INTO probe_queue (saga_id, command_message_id) VALUES ($1, $2)',
              [command.sagaId, command.envelope.messageId],
            );
            return DEFERRED;
        }
      });
    });
    consumer.on(BEDS, RestoreBed, async (command, ctx) => {
      if (!ours(command)) return;
      await answerCommand(ctx, command, RestoreBedReply, async (manager) => ({
        bedStatus: 'OCCUPIED' as const,
        unitCensus: await recordWork(manager, command, RestoreBed.fullName),
      }));
    });
    consumer.on(CLAIMS, VoidClaim, async (command, ctx) => {
      if (!ours(command)) return;
      await answerCommand(ctx, command, VoidClaimReply, async (manager) => {
        await recordWork(manager, command, VoidClaim.fullName);
        return { voidedAt: new Date() };
      });
    });
    await messaging.provision([BEDS, CLAIMS, Topics.SagaRepliesV1]); // and the group's retry topics
    messaging.relay.start();
    await consumer.start();
    replies = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: Topics.SagaRepliesV1.name,
    });
  });

  after(async () => {
    // At once: each stop waits for its consumers' fetch in flight.
    await Promise.all([replies?.stop(), messaging?.stop(), orchestrator?.stop()]);
    await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group: participant });
    await dataSource?.destroy();
    await db?.drop();
  });

  const releaseBed = (sagaId: string): Promise<Published> =>
    orchestrator.publisher.publish(
      BEDS,
      ReleaseBed,
      {
        sagaId,
        sagaType: 'discharge-to-revenue',
        stepName: STEP,
        encounterId: `V-${sagaId.slice(0, 8)}`,
        location: { facilityId: null, unitId: '4WEST', roomId: '412', bedId: '412-A' },
        dischargedAt: new Date('2026-03-02T10:00:00Z'),
      },
      { key: `V-${sagaId.slice(0, 8)}`, correlationId: sagaId },
    );

  const restoreBed = (sagaId: string, compensated: Published): Promise<Published> =>
    orchestrator.publisher.publish(
      BEDS,
      RestoreBed,
      {
        sagaId,
        sagaType: 'discharge-to-revenue',
        stepName: STEP,
        compensatedCommandMessageId: compensated.messageId,
        encounterId: `V-${sagaId.slice(0, 8)}`,
        location: { facilityId: null, unitId: '4WEST', roomId: '412', bedId: '412-A' },
        reason: 'discharge cancelled (A13)',
      },
      { key: `V-${sagaId.slice(0, 8)}`, correlationId: sagaId },
    );

  const voidClaim = (sagaId: string): Promise<Published> =>
    orchestrator.publisher.publish(
      CLAIMS,
      VoidClaim,
      {
        sagaId,
        sagaType: 'discharge-to-revenue',
        stepName: 'SubmitClaim',
        compensatedCommandMessageId: randomUUID(),
        claimId: `CLM-${sagaId.slice(0, 8)}`,
        encounterId: `V-${sagaId.slice(0, 8)}`,
        payerId: 'MEDICARE',
        reason: 'discharge cancelled (A13)',
      },
      { key: `V-${sagaId.slice(0, 8)}`, correlationId: sagaId },
    );

  /** The participant's reply to one command. */
  const replyTo = async (command: Published): Promise<TappedMessage> => {
    const [reply] = await replies.waitFor(
      (m) =>
        m.value['commandMessageId'] === command.messageId &&
        (m.value['envelope'] as { source: string }).source === participant,
    );
    assert.ok(reply);
    return reply;
  };
  const repliesOf = (sagaId: string): TappedMessage[] =>
    replies.messages(
      (m) =>
        m.value['sagaId'] === sagaId &&
        (m.value['envelope'] as { source: string }).source === participant,
    );
  const workOf = async (sagaId: string): Promise<string[]> =>
    (
      await dataSource.query<{ command_type: string }[]>(
        'SELECT command_type FROM probe_work WHERE saga_id = $1 ORDER BY id',
        [sagaId],
      )
    ).map((row) => row.command_type);
  const answersOf = (sagaId: string): Promise<AnswerRow[]> =>
    dataSource.query<AnswerRow[]>(
      `SELECT command_type, outcome, command_message_id, reply_record, reply_json
         FROM saga_participant_answer WHERE saga_id = $1 ORDER BY command_type`,
      [sagaId],
    );
  const result = (reply: TappedMessage): Record<string, unknown> => {
    const { bedStatus, unitCensus, voidedAt } = reply.value;
    return { bedStatus, unitCensus, voidedAt };
  };

  it('works a command resent with a new messageId once, and answers both with the same reply', async () => {
    const sagaId = randomUUID();
    const first = await releaseBed(sagaId);
    const firstReply = await replyTo(first);
    const resent = await releaseBed(sagaId);
    const resentReply = await replyTo(resent);

    assert.notEqual(resent.messageId, first.messageId);
    assert.equal(firstReply.value['outcome'], 'SUCCEEDED');
    assert.equal(resentReply.value['outcome'], 'SUCCEEDED');
    assert.deepEqual(result(firstReply), {
      bedStatus: 'CLEANING',
      unitCensus: 1,
      voidedAt: undefined,
    });
    assert.deepEqual(result(resentReply), result(firstReply));
    assert.equal(resentReply.value['stepName'], STEP);
    assert.equal(resentReply.key, sagaId);
    const envelope = resentReply.value['envelope'] as { causationId: string; messageId: string };
    assert.equal(envelope.causationId, resent.messageId, 'the resent reply answers the resend');
    assert.notEqual(
      envelope.messageId,
      (firstReply.value['envelope'] as { messageId: string }).messageId,
    );

    assert.deepEqual(await workOf(sagaId), [ReleaseBed.fullName], 'the work ran once');
    assert.deepEqual(await answersOf(sagaId), [
      {
        command_type: ReleaseBed.fullName,
        outcome: 'SUCCEEDED',
        command_message_id: first.messageId,
        reply_record: ReleaseBedReply.fullName,
        reply_json: { bedStatus: 'CLEANING', unitCensus: 1 },
      },
    ]);
  });

  it('resends a kept time to the millisecond, not the time of a second run', async () => {
    const sagaId = randomUUID();
    const first = await voidClaim(sagaId);
    const firstReply = await replyTo(first);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a second run would void later
    const resentReply = await replyTo(await voidClaim(sagaId));
    assert.equal(typeof firstReply.value['voidedAt'], 'number');
    assert.equal(resentReply.value['voidedAt'], firstReply.value['voidedAt']);
    assert.deepEqual(await workOf(sagaId), [VoidClaim.fullName]);
  });

  it('does not keep a rejection: a resend after the master data was fixed works again', async () => {
    const sagaId = randomUUID();
    scenarios.set(sagaId, 'reject-until-fixed');
    const rejected = await replyTo(await releaseBed(sagaId));
    assert.equal(rejected.value['outcome'], 'FAILED');
    assert.deepEqual(rejected.value['failure'], {
      code: 'BED_NOT_FOUND',
      message: 'the bed is not on the bed board',
      retriable: false,
      details: null,
    });
    assert.deepEqual(await workOf(sagaId), [], 'the rejected work was rolled back');
    assert.deepEqual(await answersOf(sagaId), [], 'and no answer kept');

    fixed.add(sagaId);
    const resent = await releaseBed(sagaId);
    const succeeded = await replyTo(resent);
    assert.equal(succeeded.value['outcome'], 'SUCCEEDED');
    assert.equal(succeeded.value['unitCensus'], 1);
    assert.deepEqual(await workOf(sagaId), [ReleaseBed.fullName]);
    assert.deepEqual(
      (await answersOf(sagaId)).map((a) => [a.outcome, a.command_message_id]),
      [['SUCCEEDED', resent.messageId]],
    );
  });

  it('keeps a deferred answer pending: a resend adds no second queue item, and the late reply is kept', async () => {
    const sagaId = randomUUID();
    scenarios.set(sagaId, 'defer');
    const first = await releaseBed(sagaId);
    await until('the command is queued', async () => (await answersOf(sagaId)).length === 1);
    const resent = await releaseBed(sagaId);
    await until(
      'the resend is consumed',
      async () => (await answersOf(sagaId))[0]?.command_message_id === resent.messageId,
    );
    const queue = await dataSource.query<{ command_message_id: string }[]>(
      'SELECT command_message_id FROM probe_queue WHERE saga_id = $1',
      [sagaId],
    );
    assert.deepEqual(
      queue.map((q) => q.command_message_id),
      [first.messageId],
      'one queue item, from the first command',
    );
    assert.equal((await answersOf(sagaId))[0]?.outcome, 'PENDING');
    assert.deepEqual(repliesOf(sagaId), [], 'nothing answered yet');

    // Someone completes the queue item: the reply goes out through the outbox, as the coding
    // queue's does, addressed to the command the item keeps.
    await dataSource.transaction(async (manager) => {
      const publish: ReplySender = (topic, contract, draft, options) =>
        messaging.outbox.publish(manager, topic, contract, draft, options);
      await sendReply(
        { manager, publish },
        ReleaseBedReply,
        { sagaId, stepName: STEP, commandMessageId: first.messageId },
        {
          outcome: 'SUCCEEDED',
          result: { bedStatus: 'CLEANING', unitCensus: 7 },
        },
      );
    });
    messaging.outbox.nudge();
    const late = await replyTo(resent);
    assert.equal(late.value['unitCensus'], 7, 'the late reply answers the latest attempt');

    const again = await releaseBed(sagaId);
    const answeredAgain = await replyTo(again);
    assert.deepEqual(result(answeredAgain), result(late));
    assert.equal(repliesOf(sagaId).length, 2);
    const [kept] = await answersOf(sagaId);
    assert.equal(kept?.outcome, 'SUCCEEDED');
    assert.deepEqual(kept?.reply_json, { bedStatus: 'CLEANING', unitCensus: 7 });
    assert.equal(
      (
        await dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM probe_queue WHERE saga_id = $1',
          [sagaId],
        )
      )[0]?.n,
      1,
    );
    assert.deepEqual(await workOf(sagaId), [ReleaseBed.fullName]);
  });

  it('answers a compensation of a step apart from the step it undoes', async () => {
    const sagaId = randomUUID();
    const release = await releaseBed(sagaId);
    assert.equal((await replyTo(release)).value['bedStatus'], 'CLEANING');
    const restored = await replyTo(await restoreBed(sagaId, release));
    const restoredAgain = await replyTo(await restoreBed(sagaId, release));
    assert.equal(restored.value['bedStatus'], 'OCCUPIED');
    assert.deepEqual(result(restoredAgain), result(restored));
    assert.deepEqual(await workOf(sagaId), [ReleaseBed.fullName, RestoreBed.fullName]);
    assert.deepEqual(
      (await answersOf(sagaId)).map((a) => [a.command_type, a.reply_record]),
      [
        [ReleaseBed.fullName, ReleaseBedReply.fullName],
        [RestoreBed.fullName, RestoreBedReply.fullName],
      ],
    );
  });
});
