// The chart's copies of files that live outside it (Helm reads only the chart's own files):
// schemas/topics.json (the KafkaTopic resources) and deploy/observability/alerts.yaml (the
// PrometheusRule). The originals stay the one source; `node tools/helm/sync.ts` refreshes the
// copies, `--check` exits 1 naming every stale one, and tools/helm/sync.spec.ts fails while a copy
// differs from its original.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../scripts/workspace.ts';

export interface ChartCopy {
  /** The original, relative to the repository root. */
  readonly source: string;
  /** The chart's copy, relative to the repository root. */
  readonly copy: string;
}

export const CHART_DIR = 'helm/meridian';

export const CHART_COPIES: readonly ChartCopy[] = [
  { source: 'schemas/topics.json', copy: `${CHART_DIR}/files/topics.json` },
  { source: 'deploy/observability/alerts.yaml', copy: `${CHART_DIR}/files/alerts.yaml` },
];

function read(path: string, root: string): string | undefined {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return undefined;
  }
}

/** The copies that are missing or differ from their original. */
export function staleCopies(root: string = ROOT): ChartCopy[] {
  return CHART_COPIES.filter(({ source, copy }) => read(copy, root) !== read(source, root));
}

/** Rewrites the stale copies; returns them. */
export function syncCopies(root: string = ROOT): ChartCopy[] {
  const stale = staleCopies(root);
  for (const { source, copy } of stale) {
    writeFileSync(join(root, copy), readFileSync(join(root, source)));
  }
  return stale;
}

if (import.meta.main) {
  const check = process.argv.includes('--check');
  const stale = check ? staleCopies() : syncCopies();
  for (const { source, copy } of stale) {
    console.log(`${check ? 'stale' : 'copied'}  ${source} -> ${copy}`);
  }
  if (check && stale.length > 0) {
    console.log('run: node tools/helm/sync.ts');
    process.exitCode = 1;
  }
}
