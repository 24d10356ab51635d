import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { topicsConsumedBy } from './consumed-topics.js';

describe('topicsConsumedBy', () => {
  const root = mkdtempSync(join(tmpdir(), 'consumed-topics-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'schemas'));
  writeFileSync(
    join(root, 'schemas', 'topics.json'),
    JSON.stringify({
      topics: [
        { name: 'b.events.v1', consumers: ['billing', 'ward'] },
        { name: 'ward.commands.v1', consumers: ['ward'] },
        { name: 'a.events.v1', consumers: ['ward'] },
        { name: 'c.events.v1' },
      ],
    }),
  );

  test('lists, sorted, every topic of the catalogue whose consumers name the service, its commands topic included', () => {
    assert.deepEqual(topicsConsumedBy('ward', root), [
      'a.events.v1',
      'b.events.v1',
      'ward.commands.v1',
    ]);
    assert.deepEqual(topicsConsumedBy('billing', root), ['b.events.v1']);
    assert.deepEqual(topicsConsumedBy('pharmacy', root), []);
  });

  test("reads the workspace's own catalogue by default", () => {
    assert.ok(topicsConsumedBy('workforce-sync').includes('workforce-sync.commands.v1'));
  });
});
