import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { CHART_COPIES, staleCopies, syncCopies } from './sync.ts';

describe("the chart's copies of files outside it", () => {
  it('equal their originals (run node tools/helm/sync.ts after changing one)', () => {
    assert.deepEqual(staleCopies(), []);
  });

  it('are found stale when missing or different, and rewritten by sync', () => {
    const root = mkdtempSync(join(tmpdir(), 'meridian-helm-sync-'));
    try {
      for (const [index, { source, copy }] of CHART_COPIES.entries()) {
        mkdirSync(dirname(join(root, source)), { recursive: true });
        mkdirSync(dirname(join(root, copy)), { recursive: true });
        writeFileSync(join(root, source), `original ${index}\n`);
        if (index > 0) writeFileSync(join(root, copy), 'edited by hand\n');
      }
      assert.deepEqual(staleCopies(root), CHART_COPIES);
      assert.deepEqual(syncCopies(root), CHART_COPIES);
      assert.deepEqual(staleCopies(root), []);
      for (const [index, { copy }] of CHART_COPIES.entries()) {
        assert.equal(readFileSync(join(root, copy), 'utf8'), `original ${index}\n`);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
