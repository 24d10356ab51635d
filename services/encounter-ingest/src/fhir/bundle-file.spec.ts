import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { bundleFileEntries } from './bundle-file.js';

const dir = mkdtempSync(join(tmpdir(), 'bundle-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const BUNDLE = {
  resourceType: 'Bundle',
  id: 'entry',
  link: [{ relation: 'self', url: 'http://example.org/{entry}' }],
  type: 'collection',
  entry: [
    {
      fullUrl: 'urn:uuid:1',
      resource: {
        resourceType: 'StructureDefinition',
        name: 'Quoted',
        description: 'a "quoted" \\ text with } and ] and { and [ in it, and entry: [{}]',
      },
    },
    { resource: { resourceType: 'Basic', code: { text: 'Größe ≥ 5 µg — 检查 😀' } } },
    {
      resource: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: 'Basic', id: 'nested' } }],
      },
    },
    { resource: { resourceType: 'Basic', extension: [[], {}], id: 'last' } },
  ],
  signature: [{ type: [{ code: '1.2.840.10065.1.12.1.1' }] }],
};

describe('the entries of a Bundle file, one at a time', () => {
  test('are the Bundle.entry elements in order, whatever the chunk boundaries cut', () => {
    const compact = file('compact.json', JSON.stringify(BUNDLE));
    const pretty = file('pretty.json', JSON.stringify(BUNDLE, null, 2));
    for (const path of [compact, pretty]) {
      for (const chunkBytes of [1, 2, 3, 7, 64, 1 << 20])
        assert.deepEqual([...bundleFileEntries(path, chunkBytes)], BUNDLE.entry, `${chunkBytes}`);
    }
  });

  test('a Bundle without entries has none; other top-level arrays are not entries', () => {
    const path = file('empty.json', JSON.stringify({ ...BUNDLE, entry: [] }));
    assert.deepEqual([...bundleFileEntries(path, 5)], []);
    const noEntry = file(
      'none.json',
      JSON.stringify({ resourceType: 'Bundle', link: BUNDLE.link }),
    );
    assert.deepEqual([...bundleFileEntries(noEntry)], []);
  });

  test('a broken entry throws', () => {
    const path = file('broken.json', '{"resourceType":"Bundle","entry":[{"resource":{"a":1,}}]}');
    assert.throws(() => [...bundleFileEntries(path)], SyntaxError);
  });
});
