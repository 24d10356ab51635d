import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SagaTransitioned, Topics } from '@meridian/contracts';
import {
  createMessaging,
  MESSAGING_ENTITIES,
  MessagingTables1795300000000,
  NonRetriableError,
} from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  roleToken,
  startGroupAtEnd,
  uniqueName,
  until,
} from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { DataSource } from 'typeorm';
import { newSaga, publishTransition } from '../testing/lifecycle.js';
import type { SagaScript } from '../testing/lifecycle.js';
import { ObservabilityHarness } from '../testing/observability-harness.js';
import type { DlqEntry, DlqEntryWithPayload } from './dlq.service.js';

interface Handled {
  readonly messageId: string;
  readonly version: number;
  readonly attempt: number;
  readonly topic: string;
}

/**
 * A replay end to end: a consumer group of the messaging runtime dead-letters a record while its
 * cause is broken; once fixed, the replay reaches that group's handler again; a second replay of
 * the same record is dropped by the group's idempotency.
 */
describe('observability: a replayed dead letter is processed by its group', () => {
  const infra = getInfra();
  const group = uniqueName('obs_it_replayed');
  const handled: Handled[] = [];
  let broken = true;
  let harness: ObservabilityHarness;
  let database: TestDatabase;
  let dataSource: DataSource;
  let consumerSide: Messaging;
  let saga: SagaScript;

  const entries = async (): Promise<DlqEntry[]> =>
    (await harness.service.getJson<{ items: DlqEntry[] }>(`/dlq?group=${group}`)).items;

  before(async () => {
    harness = await ObservabilityHarness.start();
    database = await createTestDatabase(infra.databaseUrl, 'observability_replay');
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: MESSAGING_ENTITIES,
      migrations: [MessagingTables1795300000000],
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    consumerSide = await createMessaging({
      serviceName: uniqueName('observability_it_consumer'),
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger: createLogger({ name: 'observability-it-consumer', level: 'silent' }),
      dataSource,
      produces: [],
    });
    await startGroupAtEnd({
      brokers: infra.kafkaBrokers,
      group,
      topics: [Topics.SagaLifecycleV1.name],
    });
    saga = newSaga(uniqueName('obs-replay').replace(/_/g, '-'), new Date());
    const consumer = consumerSide
      .consumer(group, {
        retry: { attempts: 2, initialDelayMs: 100, multiplier: 1, maxDelayMs: 100 },
      })
      .on(Topics.SagaLifecycleV1, SagaTransitioned, async (event, ctx) => {
        if (event.sagaId !== saga.sagaId) return; // other runs' sagas on the shared topic
        if (broken) throw new NonRetriableError(`step ${event.stepName ?? ''} is not configured`);
        handled.push({
          messageId: ctx.envelope.messageId,
          version: event.stateVersion,
          attempt: ctx.attempt,
          topic: ctx.topic,
        });
      });
    await consumerSide.provision([Topics.SagaLifecycleV1]);
    await consumer.start();
    const at = new Date();
    await publishTransition(harness.sender, saga, {
      version: 1,
      from: null,
      to: 'RUNNING',
      step: 'Configure',
      at,
    });
    await publishTransition(harness.sender, saga, {
      version: 2,
      from: 'RUNNING',
      to: 'RUNNING',
      step: 'Apply',
      at,
    });
    await until('both dead letters read', async () => (await entries()).length === 2, 90_000);
  });

  after(async () => {
    await consumerSide?.stop();
    await dataSource?.destroy();
    await database?.drop();
    await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
    await harness?.stop();
  });

  test('the dead letter of a real contract is decoded with its writer schema', async () => {
    const [second, first] = await entries();
    assert.equal(first?.recordName, 'health.meridian.saga.SagaTransitioned');
    assert.equal(first?.errorClass, 'NonRetriableError');
    assert.equal(first?.originalTopic, Topics.SagaLifecycleV1.name);
    const payloadOf = async (entry: DlqEntry | undefined): Promise<Record<string, unknown>> =>
      (await harness.service.getJson<DlqEntryWithPayload>(`/dlq/${entry?.id}?include=payload`))
        .payload as Record<string, unknown>;
    const payload = await payloadOf(first);
    assert.deepEqual(
      [payload['sagaId'], payload['stepName'], payload['stateVersion']],
      [saga.sagaId, 'Configure', 1],
    );
    assert.equal((await payloadOf(second))['stepName'], 'Apply');
  });

  test('fixed, the replay is handled by the group as a first attempt on the original topic; a second replay is dropped', async () => {
    broken = false;
    const [second, first] = await entries();
    const replay = async (entry: DlqEntry | undefined): Promise<void> => {
      const response = await harness.service.send(
        'POST',
        `/dlq/${entry?.id}/replay`,
        {},
        { authorization: `Bearer ${await roleToken('sre-operator')}` },
      );
      assert.equal(response.status, 200, await response.text());
    };
    await replay(first);
    await until('the first record handled', async () => handled.length === 1);
    assert.deepEqual(
      handled.map((h) => [h.version, h.attempt, h.topic]),
      [[1, 1, Topics.SagaLifecycleV1.name]],
    );
    // The same record again, then the second one: the second one's handling (same key, same
    // partition of <group>.retry.1, in order) means the duplicate was read before it.
    await replay(first);
    await replay(second);
    await until('the second record handled', async () => handled.some((h) => h.version === 2));
    assert.deepEqual(
      handled.map((h) => h.version),
      [1, 2],
    );
    const [replayedFirst] = (await entries()).slice(1);
    assert.deepEqual(
      replayedFirst?.replays.map((r) => [r.by, r.result]),
      [
        ['sre-operator', 'SENT'],
        ['sre-operator', 'SENT'],
      ],
    );
  });
});
