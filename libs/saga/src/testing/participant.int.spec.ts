import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ReleaseBed, ReleaseBedReply, RestoreBed, Topics } from '@meridian/contracts';
import { createMessaging, type Messaging, type Published } from '@meridian/messaging';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  uniqueName,
  type TestDatabase,
} from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { readCommandLog } from './command-log.js';
import { committedPast, redeliver, until } from './kafka-probes.js';
import { behaviour, type Behaviour } from './participant-behaviour.js';
import { spawnParticipant, type ParticipantProcess } from './participant.spawn.js';
import { startParticipant, type Participant } from './participant.js';
import { TEST_CONSUMER_OPTIONS } from './saga-fixture.js';
import { tapReplies, type ReplyTap, type TappedReply } from './reply-tap.js';

const infra = getInfra();
const logger = createLogger({
  name: 'participant-spec',
  level: process.env['LOG_LEVEL'] ?? 'error',
});
const COMMANDS = Topics.WorkforceSyncCommandsV1;
const kafka = new Kafka({
  clientId: 'participant-spec',
  brokers: [...infra.kafkaBrokers],
  logLevel: logLevel.NOTHING,
});

describe('a scripted saga participant on the real stack', () => {
  // The command topic is shared and a new consumer group reads it from the beginning: each
  // participant here accepts only its own test's commands (this sender, its encounter ids).
  const orchestrator = uniqueName('orchestrator');
  let sender: Messaging;
  let tap: ReplyTap;
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    sender = await createMessaging({
      serviceName: orchestrator,
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger,
      produces: [{ topic: COMMANDS, records: [ReleaseBed, RestoreBed] }],
    });
    await sender.provision([COMMANDS, Topics.SagaRepliesV1]);
    tap = await tapReplies({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
    });
  });
  after(async () => {
    await Promise.all(cleanups.map((cleanup) => cleanup()));
    await tap.stop();
    await sender.stop();
  });

  /** Commands of one test: encounter ids (the Kafka key) under a prefix of its own. */
  function scope(): { keyPrefix: string; releaseBed: (sagaId: string) => Promise<Published> } {
    const keyPrefix = uniqueName('enc');
    return {
      keyPrefix,
      releaseBed: (sagaId) => {
        const encounterId = `${keyPrefix}-${sagaId.slice(0, 8)}`;
        return sender.publisher.publish(
          COMMANDS,
          ReleaseBed,
          {
            sagaId,
            sagaType: 'discharge-to-revenue',
            stepName: 'ReleaseBed',
            encounterId,
            location: { facilityId: null, unitId: '4WEST', roomId: '412', bedId: '412-A' },
            dischargedAt: new Date('2026-03-02T10:00:00Z'),
          },
          { key: encounterId, correlationId: sagaId },
        );
      },
    };
  }

  /** A participant with its own database, consumer group and commands, removed after the suite. */
  async function given(behaviours: ReadonlyMap<string, Behaviour>): Promise<{
    participant: Participant;
    name: string;
    db: TestDatabase;
    releaseBed: (sagaId: string) => Promise<Published>;
  }> {
    const name = uniqueName('participant');
    const commands = scope();
    const db = await createTestDatabase(infra.databaseUrl, 'participant');
    const participant = await startParticipant({
      name,
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      databaseUrl: db.url,
      logger,
      topic: COMMANDS,
      behaviours,
      accept: { sources: [orchestrator], keyPrefix: commands.keyPrefix },
      consumerOptions: TEST_CONSUMER_OPTIONS,
    }).catch(async (error: unknown) => {
      await db.drop();
      throw error;
    });
    cleanups.push(async () => {
      await participant.stop();
      await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group: name });
      await db.drop();
    });
    return { participant, name, db, releaseBed: commands.releaseBed };
  }

  const from =
    (name: string, sagaId: string) =>
    (reply: TappedReply): boolean =>
      reply.source === name && reply.sagaId === sagaId;

  it('answers a ReleaseBed with a SUCCEEDED ReleaseBedReply to that command, keyed by saga, and logs it', async () => {
    const { participant, name, releaseBed } = await given(
      new Map([
        behaviour(
          ReleaseBed,
          ReleaseBedReply,
        )({
          kind: 'succeed',
          result: (c) => ({ bedStatus: 'CLEANING', unitCensus: c.location.unitId.length }),
        }),
      ]),
    );
    const sagaId = randomUUID();
    const command = await releaseBed(sagaId);

    const [reply] = await tap.waitFor(from(name, sagaId));
    assert.ok(reply);
    assert.equal(reply.recordName, ReleaseBedReply.fullName);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.commandMessageId, command.messageId);
    assert.equal(reply.stepName, 'ReleaseBed');
    assert.equal(reply.failure, null);
    assert.equal(reply.key, sagaId);
    assert.equal(reply.value['bedStatus'], 'CLEANING');
    assert.equal(reply.value['unitCensus'], 5);
    const envelope = reply.value['envelope'] as { correlationId: string; causationId: string };
    assert.equal(envelope.correlationId, sagaId);
    assert.equal(envelope.causationId, command.messageId);

    const log = await participant.commandLog();
    assert.equal(log.length, 1);
    assert.deepEqual(
      {
        name: log[0]?.name,
        sagaId: log[0]?.sagaId,
        stepName: log[0]?.stepName,
        messageId: log[0]?.messageId,
        outcome: log[0]?.outcome,
        replyMessageId: log[0]?.replyMessageId,
      },
      {
        name: ReleaseBed.fullName,
        sagaId,
        stepName: 'ReleaseBed',
        messageId: command.messageId,
        outcome: 'SUCCEEDED',
        replyMessageId: reply.messageId,
      },
    );
  });

  it('replies FAILED with the scripted failure, result fields null', async () => {
    const { name, releaseBed } = await given(
      new Map([
        behaviour(
          ReleaseBed,
          ReleaseBedReply,
        )({ kind: 'fail', code: 'BED_REASSIGNED', message: 'bed 412-A already reassigned' }),
      ]),
    );
    const sagaId = randomUUID();
    const command = await releaseBed(sagaId);
    const [reply] = await tap.waitFor(from(name, sagaId));
    assert.ok(reply);
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.commandMessageId, command.messageId);
    assert.deepEqual(reply.failure, {
      code: 'BED_REASSIGNED',
      message: 'bed 412-A already reassigned',
      retriable: false,
      details: null,
    });
    assert.equal(reply.value['bedStatus'], null);
    assert.equal(reply.value['unitCensus'], null);
  });

  it('fails the first two commands of a saga step retriably and succeeds on the third, counting per saga', async () => {
    const { participant, name, releaseBed } = await given(
      new Map([
        behaviour(
          ReleaseBed,
          ReleaseBedReply,
        )({ kind: 'fail-times', times: 2, then: { kind: 'succeed', result: { unitCensus: 3 } } }),
      ]),
    );
    const sagaId = randomUUID();
    const outcomes: { outcome: string; retriable: boolean | null }[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      // As the engine retries: a new command (new messageId) for the same saga step.
      const command = await releaseBed(sagaId);
      const [reply] = await tap.waitFor(
        (r) => from(name, sagaId)(r) && r.commandMessageId === command.messageId,
      );
      assert.ok(reply);
      outcomes.push({ outcome: reply.outcome, retriable: reply.failure?.retriable ?? null });
    }
    assert.deepEqual(outcomes, [
      { outcome: 'FAILED', retriable: true },
      { outcome: 'FAILED', retriable: true },
      { outcome: 'SUCCEEDED', retriable: null },
    ]);

    const other = randomUUID();
    await releaseBed(other);
    const [first] = await tap.waitFor(from(name, other));
    assert.equal(first?.outcome, 'FAILED', 'another saga starts its own count');
    assert.deepEqual(
      (await participant.commandLog()).map((row) => [row.sagaId, row.outcome]),
      [
        [sagaId, 'FAILED'],
        [sagaId, 'FAILED'],
        [sagaId, 'SUCCEEDED'],
        [other, 'FAILED'],
      ],
    );
  });

  it('handles the same command bytes delivered twice once: one reply, one log row', async () => {
    const { participant, name, db, releaseBed } = await given(
      new Map([behaviour(ReleaseBed, ReleaseBedReply)({ kind: 'succeed' })]),
    );
    const sagaId = randomUUID();
    const command = await releaseBed(sagaId);
    await tap.waitFor(from(name, sagaId));

    const duplicate = await redeliver(kafka, { topic: COMMANDS.name, ...command });
    assert.equal(duplicate.partition, command.partition, 'same key, same partition');
    await until('the duplicate is consumed and committed', () =>
      committedPast(kafka, name, { topic: COMMANDS.name, ...duplicate }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // time for a second reply to show

    assert.equal(tap.replies(from(name, sagaId)).length, 1);
    const log = await participant.commandLog();
    assert.deepEqual(
      log.map((row) => row.messageId),
      [command.messageId],
    );
    const outbox = await query<{ n: number }>(
      db.url,
      'SELECT count(*)::int AS n FROM messaging_outbox',
    );
    assert.equal(outbox[0]?.n, 1, 'one reply was ever written');
  });

  it('runs as a process: a SIGKILL mid-command is redelivered on restart and handled once; SIGTERM stops cleanly', async () => {
    const name = uniqueName('participant_process');
    const { keyPrefix, releaseBed } = scope();
    const db = await createTestDatabase(infra.databaseUrl, 'participant');
    const processes: ParticipantProcess[] = [];
    cleanups.push(async () => {
      await Promise.all(processes.map((p) => p.kill()));
      await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group: name });
      await db.drop();
    });
    const config = {
      name,
      topic: COMMANDS.name,
      databaseUrl: db.url,
      behaviours: {
        [ReleaseBed.fullName]: {
          kind: 'delay',
          ms: 3_000,
          then: { kind: 'succeed', result: { bedStatus: 'CLEANING', unitCensus: 7 } },
        },
      } satisfies Record<string, Behaviour>,
      accept: { sources: [orchestrator], keyPrefix },
      // The restarted process gets the killed one's partitions once the group forgets it: 10 s
      // instead of kafkajs' default 30 s.
      sessionTimeoutMs: 10_000,
    };
    const first = await spawnParticipant(config);
    processes.push(first);
    const sagaId = randomUUID();
    const command = await releaseBed(sagaId);
    await until('the first process received the command', async () =>
      first.output().includes(command.messageId),
    );
    assert.deepEqual(await first.kill(), { code: null, signal: 'SIGKILL' }); // in its 3 s delay
    assert.equal((await readCommandLog(db.url)).length, 0, 'the killed transaction left nothing');

    const second = await spawnParticipant(config);
    processes.push(second);
    const [reply] = await tap.waitFor(from(name, sagaId), 1, 90_000);
    assert.equal(reply?.commandMessageId, command.messageId);
    assert.equal(reply?.value['unitCensus'], 7);
    assert.deepEqual(await second.stop(), { code: 0, signal: null }, second.output());

    const log = await readCommandLog(db.url);
    assert.deepEqual(
      log.map((row) => [row.messageId, row.outcome]),
      [[command.messageId, 'SUCCEEDED']],
    );
    assert.equal(tap.replies(from(name, sagaId)).length, 1);
  });
});

async function query<T>(url: string, sql: string): Promise<T[]> {
  const dataSource = await new DataSource({ type: 'postgres', url }).initialize();
  try {
    return await dataSource.query<T[]>(sql);
  } finally {
    await dataSource.destroy();
  }
}
