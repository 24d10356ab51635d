import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { FAILURE_HEADERS } from './failure-headers.js';
import { NonRetriableError, RetriableError } from '../errors.js';
import type { Messaging } from '../messaging.factory.js';
import { tcpProxy } from '../testing/tcp-proxy.js';
import {
  createScratch,
  until,
  type BedCleaningRequested,
  type BedV1,
  type Scratch,
} from '../testing/scratch.js';

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined =>
  headers?.[name]?.toString();

describe('consumer runtime against the real stack', () => {
  let s: Scratch;
  let messaging: Messaging;

  before(async () => {
    s = await createScratch('runtime');
    await s.register(s.contracts.v1);
    messaging = await s.messaging('runtime-spec');
  });
  after(() => s.cleanup());

  it('retries a failing message with backoff, dead-letters it with its metadata, and keeps the partition moving', async () => {
    const attempts: { bedId: string; attempt: number; at: number }[] = [];
    const consumer = messaging
      .consumer(s.group, {
        retry: { attempts: 3, initialDelayMs: 200, multiplier: 2, maxDelayMs: 1_000 },
      })
      .on(s.topic, s.contracts.v1, async (bed: BedV1, ctx) => {
        attempts.push({ bedId: bed.bedId, attempt: ctx.attempt, at: Date.now() });
        if (bed.bedId === 'POISON') throw new RetriableError('bed board locked');
        if (bed.bedId === 'INVALID') throw new NonRetriableError('bed 4W-99 does not exist');
        await ctx.manager.query('INSERT INTO bed (bed_id, status, changes) VALUES ($1, $2, 1)', [
          bed.bedId,
          bed.status,
        ]);
      });
    await messaging.provision([s.topic]);
    await consumer.start();

    const poison = await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: 'POISON', status: 'CLEANING' },
      { key: 'ward-4' },
    );
    await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: 'INVALID', status: 'CLEANING' },
      { key: 'ward-4' },
    );
    await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '4W-12', status: 'CLEANING' },
      { key: 'ward-4' },
    );

    const dlq = await s.readAll(`${s.group}.dlq`, 2);
    const byBed = new Map(dlq.map((m) => [header(m.headers, FAILURE_HEADERS.errorMessage), m]));
    const poisoned = byBed.get('bed board locked');
    const invalid = byBed.get('bed 4W-99 does not exist');
    assert.ok(poisoned && invalid, 'both failures are in the DLQ');

    assert.equal(header(poisoned.headers, FAILURE_HEADERS.attempt), '3');
    assert.equal(header(poisoned.headers, FAILURE_HEADERS.errorClass), 'RetriableError');
    assert.equal(header(poisoned.headers, FAILURE_HEADERS.originalTopic), s.topic.name);
    assert.equal(
      header(poisoned.headers, FAILURE_HEADERS.originalPartition),
      String(poison.partition),
    );
    assert.equal(header(poisoned.headers, FAILURE_HEADERS.originalOffset), poison.offset);
    assert.equal(header(poisoned.headers, FAILURE_HEADERS.consumerGroup), s.group);
    assert.equal(poisoned.key?.toString(), 'ward-4');
    assert.equal(
      header(poisoned.headers, 'meridian-message-id'),
      poison.messageId,
      'original headers kept',
    );

    assert.equal(
      header(invalid.headers, FAILURE_HEADERS.attempt),
      '1',
      'non-retriable goes straight to the DLQ',
    );
    assert.equal(header(invalid.headers, FAILURE_HEADERS.errorCode), 'NON_RETRIABLE');

    const original = (await s.readAll(s.topic.name, 1))[0];
    assert.deepEqual(poisoned.value, original?.value, 'the DLQ keeps the original bytes');

    const poisonTries = attempts.filter((a) => a.bedId === 'POISON');
    assert.deepEqual(
      poisonTries.map((a) => a.attempt),
      [1, 2, 3],
    );
    const gaps = poisonTries.slice(1).map((a, i) => a.at - (poisonTries[i]?.at ?? 0));
    assert.ok(
      (gaps[0] ?? 0) >= 190 && (gaps[1] ?? 0) >= 390,
      `backoff grows: ${gaps.join(', ')} ms`,
    );

    const healthy = attempts.find((a) => a.bedId === '4W-12');
    assert.ok(
      healthy && healthy.at < (poisonTries[1]?.at ?? Infinity),
      'the next message on the partition was handled before the first retry',
    );
    const rows = await s.dataSource.query<{ bed_id: string }[]>('SELECT bed_id FROM bed');
    assert.deepEqual(rows, [{ bed_id: '4W-12' }]);
    await consumer.stop();
  });

  it('dead-letters bytes that are not a registry-framed record', async () => {
    const group = `${s.group}.undecodable`;
    const consumer = messaging
      .consumer(group, {
        retry: { attempts: 3, initialDelayMs: 100, multiplier: 2, maxDelayMs: 500 },
      })
      .on(s.topic, s.contracts.v1, async () => undefined);
    await messaging.provision([s.topic]);
    await consumer.start();
    const producer = s.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: s.topic.name,
      messages: [{ key: 'x', value: Buffer.from('{"bedId":"4W-1"}') }],
    });
    await producer.disconnect();
    const [dead] = await s.readAll(`${group}.dlq`, 1);
    assert.equal(header(dead?.headers, FAILURE_HEADERS.errorClass), 'UndecodableMessageError');
    assert.equal(header(dead?.headers, FAILURE_HEADERS.attempt), '1');
    assert.equal(dead?.value?.toString(), '{"bedId":"4W-1"}');
    await consumer.stop();
  });

  it('skips a record type the group has no handler for: committed and counted, never retried or dead-lettered', async () => {
    const { v1, cleaning } = s.contracts;
    const ward = s.freshTopic<BedV1 | BedCleaningRequested>('ward.v1', [v1, cleaning]);
    await s.register(v1, ward);
    await s.register(cleaning, ward);
    const metrics = new Registry();
    const service = await s.messaging('skip-spec', {
      produces: [{ topic: ward, records: [v1, cleaning] }],
      metrics,
    });
    const group = `${s.group}.skip`;
    const handled: string[] = [];
    const consumer = service
      .consumer(group, {
        retry: { attempts: 2, initialDelayMs: 100, multiplier: 2, maxDelayMs: 500 },
      })
      .on(ward, v1, async (bed: BedV1) => {
        handled.push(`${bed.bedId} ${bed.status}`);
      });
    await service.provision([ward]);
    await consumer.start();

    // Same key, one partition: the record without a handler comes first.
    await service.publisher.publish(ward, cleaning, { bedId: '4W-12' }, { key: '4W' });
    await service.publisher.publish(ward, v1, { bedId: '4W-12', status: 'CLEAN' }, { key: '4W' });

    await until('the record with a handler is processed', async () => handled.length === 1);
    await until('both offsets are committed', () => s.drained(group, ward.name));
    assert.deepEqual(handled, ['4W-12 CLEAN']);
    assert.equal(await s.messageCount(`${group}.dlq`), 0, 'the DLQ stays empty');
    assert.equal(await s.messageCount(`${group}.retry.1`), 0, 'nothing was retried');
    const processed = await s.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messaging_processed_message WHERE consumer_group = $1',
      [group],
    );
    assert.equal(processed[0]?.n, '1', 'only the handled record is recorded as processed');
    const skipped = await metrics.getSingleMetric('messaging_records_skipped_total')?.get();
    assert.deepEqual(skipped?.values, [
      { value: 1, labels: { group, topic: ward.name, record: cleaning.fullName } },
    ]);
    await consumer.stop();
  });

  it('fetches the writer schemas of its topics while it starts: the first message of each record type needs no registry', async () => {
    const { v1, cleaning } = s.contracts;
    const ward = s.freshTopic<BedV1 | BedCleaningRequested>('prepared.v1', [v1, cleaning]);
    await s.register(v1, ward);
    await s.register(cleaning, ward);
    const registry = await tcpProxy(new URL(s.infra.schemaRegistryUrl).host);
    await registry.open();
    const service = await s.messaging('prepared-spec', {
      schemaRegistryUrl: registry.via(s.infra.schemaRegistryUrl),
      produces: [{ topic: ward, records: [v1, cleaning] }],
    });
    const handled: string[] = [];
    const consumer = service
      .consumer(`${s.group}.prepared`)
      .on(ward, v1, async (bed: BedV1) => {
        handled.push(`${bed.bedId} ${bed.status}`);
      })
      .on(ward, cleaning, async (request: BedCleaningRequested) => {
        handled.push(`${request.bedId} cleaning`);
      });
    await service.provision([ward]);
    await consumer.start();

    // Nothing was decoded yet; the producer looked its ids up at its start.
    await registry.cut();
    await service.publisher.publish(ward, cleaning, { bedId: '6N-03' }, { key: '6N' });
    await service.publisher.publish(ward, v1, { bedId: '6N-03', status: 'CLEAN' }, { key: '6N' });
    await until('both record types are handled without the registry', async () => {
      return handled.length === 2;
    });
    assert.deepEqual(handled, ['6N-03 cleaning', '6N-03 CLEAN']);
    await consumer.stop();
  });

  it('changes state once when the same message is delivered twice', async () => {
    const group = `${s.group}.idempotent`;
    let calls = 0;
    const consumer = messaging
      .consumer(group)
      .on(s.topic, s.contracts.v1, async (bed: BedV1, ctx) => {
        if (bed.bedId === '5E-01') calls += 1;
        await ctx.manager.query(
          `INSERT INTO bed (bed_id, status, changes) VALUES ($1, $2, 1)
         ON CONFLICT (bed_id) DO UPDATE SET status = EXCLUDED.status, changes = bed.changes + 1`,
          [bed.bedId, bed.status],
        );
      });
    await messaging.provision([s.topic]);
    // The same bytes twice: what a producer retry or an outbox relay replay puts on the topic.
    const sent = await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '5E-01', status: 'OCCUPIED' },
      { key: '5E' },
    );
    const [copy] = await s.readMessage(s.topic.name, sent.messageId);
    assert.ok(copy);
    const producer = s.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: s.topic.name,
      messages: [{ key: copy.key, value: copy.value, headers: copy.headers }],
    });
    await producer.disconnect();
    await consumer.start();
    await until('both deliveries are committed', () => s.drained(group, s.topic.name));
    const [bed] = await s.dataSource.query<{ changes: number }[]>(
      "SELECT changes FROM bed WHERE bed_id = '5E-01'",
    );
    assert.equal(bed?.changes, 1);
    const processed = await s.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messaging_processed_message WHERE consumer_group = $1 AND message_id = $2',
      [group, sent.messageId],
    );
    assert.equal(processed[0]?.n, '1');
    assert.equal(calls, 1, 'the handler ran once');
    await consumer.stop();
  });
});
