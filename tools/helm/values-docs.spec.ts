import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from '../scripts/workspace.ts';
import { CHART_DIR } from './sync.ts';

/** Paths of values.yaml down to `depth` (`kafka.tls.enabled`); services.<name> stands for every service. */
function valuePaths(value: unknown, depth: number, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth === 0) {
    return [prefix];
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [prefix];
  if (prefix === 'services') {
    const keys = new Set(entries.flatMap(([, own]) => Object.keys(own as object)));
    return [...keys].map((key) => `services.<name>.${key}`);
  }
  return entries.flatMap(([key, child]) =>
    valuePaths(child, depth - 1, prefix ? `${prefix}.${key}` : key),
  );
}

describe("the chart README's values table", () => {
  it('documents every key of values.yaml', () => {
    const values: unknown = parse(readFileSync(join(ROOT, CHART_DIR, 'values.yaml'), 'utf8'));
    const readme = readFileSync(join(ROOT, CHART_DIR, 'README.md'), 'utf8');
    // The keys a row documents: the backticked names of its first cell (a key covers its children).
    const keys = readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]))
      .map((key) => key?.replace('services.encounter-ingest.', 'services.<name>.'));
    const documented = (path: string): boolean =>
      keys.some((key) => key !== undefined && (path === key || path.startsWith(`${key}.`)));
    const missing = valuePaths(values, 4).filter((path) => !documented(path));
    assert.deepEqual(missing, []);
  });
});
