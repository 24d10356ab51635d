import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getInfra, uniqueName } from '@meridian/testing';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { provisionTopics } from './provision-topics.js';

describe('provisionTopics', () => {
  const prefix = uniqueName('provision');
  const events = { name: `${prefix}.encounter.v1`, partitions: 3 };
  const commands = {
    name: `${prefix}.commands.v1`,
    partitions: 2,
    configs: { 'retention.ms': '604800000' },
  };
  let admin: Admin;

  before(async () => {
    admin = new Kafka({
      brokers: [...getInfra().kafkaBrokers],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
  });
  after(async () => {
    await admin.deleteTopics({ topics: [events.name, commands.name] });
    await admin.disconnect();
  });

  it('creates missing topics, changes nothing on a second run, and grows partitions when declared', async () => {
    const first = await provisionTopics(admin, [events, commands], { replicationFactor: 1 });
    assert.deepEqual(first, { created: [events.name, commands.name], grown: [], unchanged: [] });

    const second = await provisionTopics(admin, [events, commands], { replicationFactor: 1 });
    assert.deepEqual(second, { created: [], grown: [], unchanged: [events.name, commands.name] });

    const metadata = await admin.fetchTopicMetadata({ topics: [events.name, commands.name] });
    assert.deepEqual(metadata.topics.map((t) => [t.name, t.partitions.length]).sort(), [
      [commands.name, 2],
      [events.name, 3],
    ]);
    const [config] = (
      await admin.describeConfigs({
        resources: [{ type: 2, name: commands.name, configNames: ['retention.ms'] }],
        includeSynonyms: false,
      })
    ).resources;
    assert.equal(config?.configEntries[0]?.configValue, '604800000');

    const third = await provisionTopics(admin, [{ ...events, partitions: 6 }, commands], {
      replicationFactor: 1,
    });
    assert.deepEqual(third, { created: [], grown: [events.name], unchanged: [commands.name] });
    const grown = await admin.fetchTopicMetadata({ topics: [events.name] });
    assert.equal(grown.topics[0]?.partitions.length, 6);
  });
});
