import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { ROOT } from './workspace.ts';

/**
 * Lints a probe file placed in a project's src folder for the duration of the call (type-aware
 * linting only parses files that exist in a project), and returns its module-boundary errors.
 */
async function boundaryErrors(projectSrc: string, source: string): Promise<string[]> {
  const file = join(ROOT, projectSrc, `boundary-probe-${randomBytes(4).toString('hex')}.ts`);
  writeFileSync(file, source);
  try {
    const [result] = await new ESLint({ cwd: ROOT }).lintFiles([file]);
    const fatal = result?.messages.find((m) => m.fatal);
    if (fatal) throw new Error(`lint could not parse the probe: ${fatal.message}`);
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
      .map((m) => m.message);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('module boundaries', () => {
  it('fail lint when a lib imports a service', async () => {
    const errors = await boundaryErrors(
      'libs/telemetry/src',
      "import { AppModule } from '@meridian/encounter-ingest';\nexport const probe: unknown = AppModule;\n",
    );
    assert.equal(errors.length, 1, `expected one boundary error, got: ${errors.join(' | ')}`);
  });

  it('fail lint when a lib reaches into a service by relative path', async () => {
    const errors = await boundaryErrors(
      'libs/telemetry/src',
      "import { AppModule } from '../../../services/encounter-ingest/src/app.module.js';\nexport const probe: unknown = AppModule;\n",
    );
    assert.equal(errors.length, 1, `expected one boundary error, got: ${errors.join(' | ')}`);
  });

  it('let a service import a lib through its public API', async () => {
    const errors = await boundaryErrors(
      'services/encounter-ingest/src',
      "import { createLogger } from '@meridian/telemetry';\nexport const probe: unknown = createLogger;\n",
    );
    assert.deepEqual(errors, []);
  });
});
