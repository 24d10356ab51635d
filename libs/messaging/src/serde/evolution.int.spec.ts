import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TopicContract } from '@meridian/contracts';
import type { Messaging } from '../messaging.factory.js';
import { createScratch, until, type BedV1, type BedV2, type Scratch } from '../testing/scratch.js';

/**
 * Producers and consumers upgrade independently (FULL compatibility): a v2 record with a new
 * defaulted field is read by a v1 consumer, and a v1 record is read by a v2 consumer with the
 * default filled in.
 */
describe('schema evolution through the registry', () => {
  let s: Scratch;
  let v1: Messaging;
  let v2: Messaging;
  let topicV2: TopicContract<BedV2>;

  before(async () => {
    s = await createScratch('evolution');
    await s.register(s.contracts.v1);
    await s.register(s.contracts.v2);
    topicV2 = { ...s.topic, records: [s.contracts.v2] } as TopicContract<BedV2>;
    v1 = await s.messaging('bed-board-v1');
    v2 = await s.messaging('bed-board-v2', {
      produces: [{ topic: topicV2, records: [s.contracts.v2] }],
    });
    await v1.provision([s.topic]);
  });
  after(() => s.cleanup());

  it('lets a v1 consumer read what a v2 producer wrote, and a v2 consumer read v1 with the default', async () => {
    const readByV1: BedV1[] = [];
    const readByV2: BedV2[] = [];
    const c1 = v1.consumer(`${s.group}.v1`).on(s.topic, s.contracts.v1, async (bed) => {
      readByV1.push(bed);
    });
    const c2 = v2.consumer(`${s.group}.v2`).on(topicV2, s.contracts.v2, async (bed) => {
      readByV2.push(bed);
    });
    await v1.provision([s.topic]);
    await v2.provision([topicV2]);
    await v2.publisher.publish(
      topicV2,
      s.contracts.v2,
      { bedId: '3N-07', status: 'CLEANING', unit: '3 North' },
      { key: '3N' },
    );
    await v1.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '3N-08', status: 'AVAILABLE' },
      { key: '3N' },
    );
    await Promise.all([c1.start(), c2.start()]);
    await until(
      'both consumers read both records',
      async () => readByV1.length === 2 && readByV2.length === 2,
    );

    const v1View = readByV1.map(({ bedId, status, ...rest }) => ({
      bedId,
      status,
      extra: Object.keys(rest).filter((k) => k !== 'envelope'),
    }));
    assert.deepEqual(v1View, [
      { bedId: '3N-07', status: 'CLEANING', extra: [] },
      { bedId: '3N-08', status: 'AVAILABLE', extra: [] },
    ]);
    assert.deepEqual(
      readByV2.map(({ bedId, unit }) => ({ bedId, unit })),
      [
        { bedId: '3N-07', unit: '3 North' },
        { bedId: '3N-08', unit: 'UNASSIGNED' },
      ],
    );
    assert.equal(readByV2[0]?.envelope.source, 'bed-board-v2');
    assert.ok(readByV2[1]?.envelope.occurredAt instanceof Date);
  });
});
