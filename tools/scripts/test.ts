// `npm test`: format, lint, type-check, then every unit and integration test against real infrastructure
// (the local stack by default, testcontainers with MERIDIAN_INFRA=testcontainers). Ends with
// `N passed, N failed`; exits non-zero on any failure.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { StackEndpointsFile } from '@meridian/testing';
import { loadStackConfig } from '../stack/config.ts';
import { down, up } from '../stack/stack.ts';
import { tapCounts } from './tap-summary.ts';
import { nodeTestArgs, projects, ROOT, run, testGlobs } from './workspace.ts';

const log = (line: string): void => console.log(line);
const checks: { name: string; ok: boolean }[] = [];

async function check(name: string, step: () => Promise<number>): Promise<boolean> {
  log(`\n== ${name}`);
  const ok = (await step()) === 0;
  checks.push({ name, ok });
  log(`== ${name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

async function infrastructure(): Promise<{ env: NodeJS.ProcessEnv; stop: () => Promise<void> }> {
  if ((process.env['MERIDIAN_INFRA'] ?? 'local') === 'testcontainers') {
    const { startContainers } = await import('@meridian/testing');
    const containers = await startContainers(log);
    return { env: containers.env, stop: containers.stop };
  }
  const config = loadStackConfig();
  const { endpoints, started } = await up(log, config);
  const keep = process.env['MERIDIAN_KEEP_STACK'] === '1';
  return {
    env: envFor(endpoints),
    // Leave the machine as found: a stack this run started is stopped again (data stays).
    stop: async () => (started && !keep ? down(log, config) : undefined),
  };
}

function envFor(endpoints: StackEndpointsFile): NodeJS.ProcessEnv {
  return {
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    DATABASE_URL: endpoints.databaseUrl,
    OIDC_ISSUER: endpoints.oidcIssuer,
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  await check('format', () => run('prettier', ['--check', '--log-level=warn', '.']));
  // The module-boundaries lint rule reads Nx's project graph; compute it first (it also proves
  // the graph builds).
  await check('project graph', () =>
    run('nx', ['graph', `--file=${join(ROOT, '.meridian', 'project-graph.json')}`]),
  );
  await check('lint', () => run('eslint', ['--max-warnings=0', '.']));
  // The schema tools read the Avro walk of @meridian/contracts from its build: build first.
  const built = await check('type-check and build', async () => {
    const libsAndServices = await run('tsc', ['-b', 'tsconfig.build.json']);
    const tools = await run('tsc', ['-p', 'tools']);
    return libsAndServices || tools;
  });
  await check('generated contracts are current', () =>
    run('node', ['tools/contracts/generate.ts', '--check']),
  );
  await check('AsyncAPI document is current', () =>
    run('node', ['tools/asyncapi/generate.ts', '--check']),
  );
  await check('schema compatibility gate (every subject against git history)', () =>
    run('node', ['tools/schemas/main.ts', 'check', '--all']),
  );

  let counts = { pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
  if (built) {
    log('\n== infrastructure');
    let infra: Awaited<ReturnType<typeof infrastructure>> | undefined;
    try {
      infra = await infrastructure();
    } catch (error) {
      log(`infrastructure: ${error instanceof Error ? error.message : String(error)}`);
      checks.push({ name: 'infrastructure', ok: false });
    }
    if (infra) {
      await check('register the canonical schemas', () =>
        run('node', ['tools/schemas/main.ts', 'register'], { ...process.env, ...infra.env }),
      );
      const resultsDir = join(ROOT, '.meridian', 'test-results');
      mkdirSync(resultsDir, { recursive: true });
      const tap = join(resultsDir, 'tests.tap');
      rmSync(tap, { force: true });
      log('\n== unit and integration tests');
      const globs = testGlobs([...projects('libs'), ...projects('services'), 'tools', 'e2e']);
      const runner = await run(process.execPath, nodeTestArgs(globs, tap), {
        ...process.env,
        ...infra.env,
      });
      // A failing hook or a test file that crashed fails the run even when no single test did.
      checks.push({ name: 'test runner exit status', ok: runner === 0 });
      if (existsSync(tap)) counts = tapCounts(readFileSync(tap, 'utf8'));
      else checks.push({ name: 'test runner produced results', ok: false });
      await infra.stop();
    }
  }

  const failedChecks = checks.filter((c) => !c.ok);
  for (const c of failedChecks) log(`failed check: ${c.name}`);
  const passed = counts.pass + checks.length - failedChecks.length;
  const failed = counts.fail + counts.cancelled + failedChecks.length;
  log(
    `\n(${checks.length} checks and ${counts.pass + counts.fail + counts.cancelled} tests in ${Math.round((Date.now() - started) / 1000)} s; ${counts.skipped} skipped)`,
  );
  log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

process.exit(await main());
