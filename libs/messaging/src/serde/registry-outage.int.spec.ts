import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SchemaNotRegisteredError } from '../errors.js';
import { createScratch, until, type BedV1, type Scratch } from '../testing/scratch.js';
import { tcpProxy } from '../testing/tcp-proxy.js';

describe('schema registry outages', () => {
  let s: Scratch;
  before(async () => {
    s = await createScratch('outage');
  });
  after(async () => {
    await s.cleanup();
  });

  it('refuses to start a producer whose schema was never registered, naming the subject', async () => {
    await assert.rejects(
      s.messaging('unregistered'),
      (error: unknown) =>
        error instanceof SchemaNotRegisteredError &&
        error.message.includes(`${s.topic.name}-${s.contracts.v1.fullName}`),
    );
  });

  it('keeps decoding schemas it has already seen while the registry is unreachable', async () => {
    await s.register(s.contracts.v1);
    const registry = await tcpProxy(new URL(s.infra.schemaRegistryUrl).host);
    await registry.open();
    const messaging = await s.messaging('outage-spec', {
      schemaRegistryUrl: registry.via(s.infra.schemaRegistryUrl),
    });
    const seen: BedV1[] = [];
    const consumer = messaging.consumer(s.group).on(s.topic, s.contracts.v1, async (bed) => {
      seen.push(bed);
    });
    await messaging.provision([s.topic]);
    await consumer.start();
    await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '2W-01', status: 'OCCUPIED' },
      { key: '2W' },
    );
    await until('the first record is decoded through the registry', async () => seen.length === 1);

    await registry.cut();
    await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '2W-02', status: 'CLEANING' },
      { key: '2W' },
    );
    await until('the second record is decoded from the cache', async () => seen.length === 2);
    assert.deepEqual(
      seen.map((b) => b.bedId),
      ['2W-01', '2W-02'],
    );
  });
});
