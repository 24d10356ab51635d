// The Compose Specification's JSON schema, as compose-go (the library `docker compose` loads files
// with) ships it. tools/compose/go.mod pins the module; the Go module proxy serves it and go.sum
// checks it. The schema is copied under .meridian/ once and never committed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveGo } from '../stack/go-tools.ts';
import { ROOT } from '../scripts/workspace.ts';

export const COMPOSE_GO_MODULE = 'github.com/compose-spec/compose-go/v2';
const SETUP_MODULE = join(ROOT, 'tools', 'compose');
const CACHE_DIR = join(ROOT, '.meridian', 'compose');

/** The version of compose-go a go.mod requires. */
export function composeGoVersion(goMod: string): string {
  const escaped = COMPOSE_GO_MODULE.replace(/[./]/g, (c) => `\\${c}`);
  const version = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod)?.[1];
  if (!version) throw new Error(`tools/compose/go.mod requires no ${COMPOSE_GO_MODULE}.`);
  return version;
}

/** `go mod download` of the pinned module (a no-op once in the module cache): its directory. */
function downloadModule(version: string): string {
  const go = resolveGo(`The Compose schema (${COMPOSE_GO_MODULE} ${version})`);
  const out = spawnSync(go, ['mod', 'download', '-json', COMPOSE_GO_MODULE], {
    cwd: SETUP_MODULE,
    encoding: 'utf8',
  });
  const info = out.status === 0 ? (JSON.parse(out.stdout) as { Dir?: string }) : {};
  if (!info.Dir) {
    const reason = (out.stderr || out.stdout || String(out.error)).trim().split('\n').pop();
    throw new Error(
      `go mod download ${COMPOSE_GO_MODULE}@${version} failed (exit ${out.status}): ${reason}`,
    );
  }
  return info.Dir;
}

/**
 * Path of the pinned compose-spec.json under .meridian/compose, downloading it the first time.
 * Written under a temporary name and renamed, so concurrent or interrupted runs never leave half
 * a schema behind.
 */
export function composeSchemaFile(): string {
  const version = composeGoVersion(readFileSync(join(SETUP_MODULE, 'go.mod'), 'utf8'));
  const cached = join(CACHE_DIR, `compose-spec-${version}.json`);
  if (existsSync(cached)) return cached;
  const source = join(downloadModule(version), 'schema', 'compose-spec.json');
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${cached}.partial-${process.pid}`;
  writeFileSync(partial, readFileSync(source));
  renameSync(partial, cached);
  return cached;
}

export function loadComposeSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(composeSchemaFile(), 'utf8')) as Record<string, unknown>;
}
