import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Messaging } from '../messaging.factory.js';
import { createScratch, until, type Scratch } from '../testing/scratch.js';

describe('graceful shutdown', () => {
  let s: Scratch;
  let messaging: Messaging;

  before(async () => {
    s = await createScratch('shutdown');
    await s.register(s.contracts.v1);
    messaging = await s.messaging('shutdown-spec');
  });
  after(() => s.cleanup());

  it('finishes and commits the message in flight before stopping', async () => {
    let started = false;
    let finished = false;
    const consumer = messaging.consumer(s.group).on(s.topic, s.contracts.v1, async (bed, ctx) => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await ctx.manager.query('INSERT INTO bed (bed_id, status) VALUES ($1, $2)', [
        bed.bedId,
        bed.status,
      ]);
      finished = true;
    });
    await messaging.provision([s.topic]);
    await consumer.start();
    await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '9S-11', status: 'OCCUPIED' },
      { key: '9S' },
    );
    await until('the handler started', async () => started);
    await consumer.stop();
    assert.equal(finished, true, 'stop() waited for the handler');
    const rows = await s.dataSource.query<{ bed_id: string }[]>('SELECT bed_id FROM bed');
    assert.deepEqual(rows, [{ bed_id: '9S-11' }]);
    assert.equal(await s.drained(s.group, s.topic.name), true, 'its offset was committed');
  });
});
