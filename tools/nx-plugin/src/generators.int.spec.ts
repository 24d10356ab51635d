// The generators' acceptance, as a developer uses them: in a scratch copy of the workspace, the
// real Nx CLI generates pharmacy-dispense with an event and a saga participant; then the copy
// builds, lints, shows the new project in Nx's graph, passes the schema gate against the real
// registry, runs the new service's unit and integration tests against the real stack, passes the
// workspace's own checks of what lists services (topics.json roles, compose file, Helm chart), and
// a second service run refuses.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { deleteSubject, getInfra, stackHome } from '@meridian/testing';
import { parse } from 'yaml';
import { commitBase, copyWorkspace } from './testing/scratch-workspace.ts';
import type { ScratchWorkspace } from './testing/scratch-workspace.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SERVICE = 'pharmacy-dispense';
const DOMAIN = 'pharmacy';
const TOPIC = 'pharmacy.dispense.v1';
const GENERATE = {
  service: [`--name=${SERVICE}`, `--domain=${DOMAIN}`],
  event: [`--domain=${DOMAIN}`, '--name=MedicationDispensed', `--topic=${TOPIC}`],
  participant: [
    `--service=${SERVICE}`,
    '--saga=discharge-to-revenue',
    '--command=ReconcileDischargeMedications',
  ],
} as const;
/** The whole acceptance, measured at 3.5 minutes here on a loaded machine. */
const TIMEOUT_MS = 10 * 60_000;
/** A step (the CLI's --test-timeout of 3 minutes is a default for ordinary tests). */
const STEP = { timeout: 5 * 60_000 };

interface Ran {
  readonly code: number | null;
  readonly output: string;
}

interface CatalogueTopic {
  readonly name: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly records: readonly string[];
}

describe('the generators in a scratch copy of the workspace', { timeout: TIMEOUT_MS }, () => {
  let scratch: ScratchWorkspace | undefined;
  // The stack the tests of the copy use: this workspace's (a nested node --test must not think it
  // is a child of this runner, hence no NODE_TEST_CONTEXT).
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_TEST_CONTEXT: undefined,
    MERIDIAN_HOME: stackHome(),
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    // Plain text to match on: under CI=true Nx (chalk) colours its output even into a pipe.
    FORCE_COLOR: '0',
  };
  const generated: Record<keyof typeof GENERATE, Ran> = {
    service: { code: null, output: '' },
    event: { code: null, output: '' },
    participant: { code: null, output: '' },
  };
  let recordsBefore: string[] = [];

  const root = (): string => {
    assert.ok(scratch, 'the scratch copy was not made');
    return scratch.root;
  };

  /** `command ...args` in the copy, output captured. */
  const exec = (command: string, args: readonly string[]): Promise<Ran> =>
    new Promise((done, fail) => {
      const child = spawn(command, args, {
        cwd: root(),
        env: {
          ...env,
          NX_CACHE_DIRECTORY: join(root(), '.nx', 'cache'),
          NX_WORKSPACE_DATA_DIRECTORY: join(root(), '.nx', 'workspace-data'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const collect = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.once('error', fail);
      child.once('close', (code) => done({ code, output }));
    });
  /** `node <script> ...args` in the copy: its node_modules' CLIs, its tools. */
  const node = (script: string, ...args: string[]): Promise<Ran> =>
    exec(process.execPath, [script, ...args]);
  const nx = (...args: string[]): Promise<Ran> => node('node_modules/.bin/nx', ...args);
  const succeeds = async (what: string, ran: Promise<Ran>): Promise<string> => {
    const { code, output } = await ran;
    assert.equal(code, 0, `${what} failed:\n${output.slice(-20_000)}`);
    return output;
  };
  const read = (path: string): string => readFileSync(join(root(), path), 'utf8');
  const topics = (): CatalogueTopic[] =>
    (JSON.parse(read('schemas/topics.json')) as { topics: CatalogueTopic[] }).topics;
  /** Every record the catalogue carries (a subject is `<topic>-<record>`). */
  const records = (): string[] => topics().flatMap((t) => t.records);

  before(async () => {
    scratch = copyWorkspace(ROOT);
    commitBase(scratch.root);
    recordsBefore = records();
    for (const [generator, args] of Object.entries(GENERATE)) {
      generated[generator as keyof typeof GENERATE] = await nx(
        'g',
        `@meridian/nx-plugin:${generator}`,
        ...args,
      );
    }
  }, STEP);

  after(async () => {
    // The subjects of the records the generators added were registered by the gate and the tests:
    // removed, so the shared registry keeps only the workspace's contracts.
    const added = scratch ? records().filter((r) => !recordsBefore.includes(r)) : [];
    if (added.length > 0) {
      const { schemaRegistryUrl } = getInfra();
      const response = await fetch(`${schemaRegistryUrl}/subjects`);
      const subjects = response.ok ? ((await response.json()) as string[]) : [];
      for (const subject of subjects.filter((s) => added.some((r) => s.endsWith(`-${r}`))))
        await deleteSubject(schemaRegistryUrl, subject);
    }
    scratch?.remove();
  });

  test('the service, event and participant generators succeed with the real Nx CLI', () => {
    for (const [generator, ran] of Object.entries(generated))
      assert.equal(ran.code, 0, `${generator} failed:\n${ran.output}`);
    assert.match(generated.service.output, new RegExp(`CREATE services/${SERVICE}/project.json`));
    assert.match(generated.event.output, /CREATE schemas\/pharmacy\/MedicationDispensed\.avsc/);
    assert.match(
      generated.participant.output,
      /CREATE schemas\/pharmacy\/ReconcileDischargeMedicationsReply\.avsc/,
    );
  });

  test('the service reserves the next free port and is registered wherever services are listed', () => {
    const ports = new Map<string, number>();
    for (const name of read('tsconfig.build.json').match(/services\/[a-z0-9-]+/g) ?? []) {
      const config = read(`${name}/src/config/app.config.ts`);
      ports.set(name, Number(/DEFAULTS = \{[^}]*port: (\d+)/.exec(config)?.[1]));
    }
    const own = ports.get(`services/${SERVICE}`);
    ports.delete(`services/${SERVICE}`);
    assert.equal(own, Math.max(...ports.values()) + 1, 'the highest port + 1');

    const compose = parse(read('deploy/compose/docker-compose.yml')) as {
      services: Record<string, { ports?: string[] }>;
    };
    assert.deepEqual(compose.services[SERVICE]?.ports, [`${own}:8080`]);
    assert.match(read('deploy/compose/postgres-init.sql'), /^CREATE DATABASE pharmacy_dispense;$/m);
    const values = parse(read('helm/meridian/values.yaml')) as {
      services: Record<string, { enabled?: boolean }>;
    };
    assert.equal(values.services[SERVICE]?.enabled, true);
    const schema = JSON.parse(read('helm/meridian/values.schema.json')) as {
      properties: { services: { properties: Record<string, unknown> } };
    };
    assert.ok(schema.properties.services.properties[SERVICE], 'values.schema.json entry');

    const encounter = topics().find((t) => t.name === 'clinical.encounter.v1');
    assert.ok(encounter?.consumers.includes(SERVICE), 'a consumer of clinical.encounter.v1');
    const dispense = topics().find((t) => t.name === TOPIC);
    assert.deepEqual(dispense?.producers, [SERVICE]);
    const commands = topics().find((t) => t.name === `${SERVICE}.commands.v1`);
    assert.deepEqual(commands?.consumers, [SERVICE]);
    assert.equal(read('helm/meridian/files/topics.json'), read('schemas/topics.json'));
  });

  /** The workspace's own checks of what lists services, started once the copy is built. */
  let workspaceChecks: Promise<Ran> | undefined;

  test('the workspace type-checks and builds with tsc -b', STEP, async () => {
    await succeeds('tsc -b', node('node_modules/.bin/tsc', '-b', 'tsconfig.build.json'));
    // They read the build (the modules' declarations) and take half a minute (helm): they run
    // beside the tests below and are awaited by their own test.
    workspaceChecks = node(
      '--test',
      '--test-force-exit',
      '--test-reporter=spec',
      'tools/compose/compose.spec.ts',
      'tools/helm/chart.spec.ts',
      'tools/helm/values-docs.spec.ts',
    );
  });

  test('lint passes on the new project and every file the generators changed', STEP, async () => {
    const changed = await succeeds(
      'git status',
      exec('git', ['status', '--porcelain', '--untracked-files=all']),
    );
    const files = changed
      .split('\n')
      .map((line) => line.slice(3).trim())
      .filter((file) => /\.(ts|js)$/.test(file));
    assert.ok(files.some((f) => f.startsWith(`services/${SERVICE}/src/`)));
    await succeeds('eslint', node('node_modules/.bin/eslint', '--max-warnings=0', ...files));
  });

  test('nx shows the project with its tags and targets, and its graph has it with its libraries', async () => {
    const shown = JSON.parse(
      await succeeds('nx show project', nx('show', 'project', SERVICE, '--json')),
    ) as { root: string; tags: string[]; targets: Record<string, unknown> };
    assert.equal(shown.root, `services/${SERVICE}`);
    assert.ok(shown.tags.includes('type:service') && shown.tags.includes(`scope:${DOMAIN}`));
    assert.deepEqual(
      ['build', 'lint', 'serve', 'test'].filter((t) => !(t in shown.targets)),
      [],
    );
    const file = join(root(), 'graph.json');
    await succeeds('nx graph', nx('graph', `--file=${file}`));
    const { graph } = JSON.parse(readFileSync(file, 'utf8')) as {
      graph: {
        nodes: Record<string, { data: { tags: string[] } }>;
        dependencies: Record<string, { target: string }[]>;
      };
    };
    assert.ok(graph.nodes[SERVICE]?.data.tags.includes(`scope:${DOMAIN}`));
    const uses = (graph.dependencies[SERVICE] ?? []).map((d) => d.target);
    for (const lib of ['contracts', 'messaging', 'service-kit', 'testing'])
      assert.ok(uses.includes(lib), `${SERVICE} -> ${lib}`);
  });

  test('topics.json names the service wherever its AppModule declares it publishes or consumes', async () => {
    // The service's own declarations (tools/asyncapi's reading of its built AppModule). The
    // workspace's declarations.spec would fail on the participant's commands topic, whose producer
    // (saga-orchestrator) declares it once a saga step invokes the command: the next step of a
    // developer, not the generators'.
    const printed = await succeeds(
      'declarations',
      node(
        '--input-type=module',
        '-e',
        `const { declarationsOf } = await import('./tools/asyncapi/declarations.ts'); const d = await declarationsOf('services/${SERVICE}'); console.log('DECLARED ' + JSON.stringify({ produces: [...d.produces.keys()].sort(), consumes: [...d.consumes.keys()].sort() })); process.exit(0)`,
      ),
    );
    const line = printed.split('\n').find((l) => l.startsWith('DECLARED '));
    assert.ok(line, printed);
    const declared = JSON.parse(line.slice('DECLARED '.length)) as {
      produces: string[];
      consumes: string[];
    };
    const listed = (role: 'producers' | 'consumers'): string[] =>
      topics()
        .filter((t) => t[role].includes(SERVICE))
        .map((t) => t.name)
        .sort();
    assert.deepEqual(declared.produces, listed('producers'));
    assert.deepEqual(declared.consumes, listed('consumers'));
    assert.ok(declared.consumes.includes('clinical.encounter.v1'));
    assert.ok(declared.produces.includes(TOPIC));
  });

  test('npm start and npm test find the service, and the derived documents are current', async () => {
    const found = await succeeds(
      'list services',
      node(
        '--input-type=module',
        '-e',
        "const t = await import('@meridian/testing'); const w = await import('./tools/scripts/workspace.ts'); console.log(JSON.stringify({ built: t.builtServices(), projects: w.projects('services') }))",
      ),
    );
    const { built, projects } = JSON.parse(found) as { built: string[]; projects: string[] };
    assert.ok(built.includes(SERVICE), `builtServices: ${built.join(', ')}`);
    assert.ok(projects.includes(`services/${SERVICE}`), `projects: ${projects.join(', ')}`);
    for (const check of ['tools/contracts/generate.ts', 'tools/asyncapi/generate.ts'])
      await succeeds(`${check} --check`, node(check, '--check'));
    await succeeds('helm sync --check', node('tools/helm/sync.ts', '--check'));
  });

  test('the schema gate accepts the new subjects: compatible with history, registered in the real registry', async () => {
    const checked = await succeeds(
      'schemas check',
      node('tools/schemas/main.ts', 'check', '--base', 'main'),
    );
    assert.match(checked, /compatible: [1-9]\d* subjects? checked/);
    const registered = await succeeds(
      'schemas register',
      node('tools/schemas/main.ts', 'register'),
    );
    assert.match(
      registered,
      new RegExp(
        `${TOPIC.replace(/\./g, '\\.')}-health\\.meridian\\.pharmacy\\.MedicationDispensed`,
      ),
    );
  });

  test(
    "the new service's unit and integration tests and the event's round-trip test pass against the real stack",
    STEP,
    async () => {
      const output = await succeeds(
        'node --test',
        node(
          '--test',
          '--test-force-exit',
          '--test-concurrency=1',
          '--test-reporter=spec',
          `services/${SERVICE}/dist/**/*.spec.js`,
          'libs/messaging/dist/serde/round-trip/MedicationDispensed.spec.js',
        ),
      );
      assert.match(output, /ℹ fail 0/);
      assert.match(output, /consumes clinical\.encounter\.v1 against the real stack/);
      assert.match(output, /answers ReconcileDischargeMedications \(discharge-to-revenue\)/);
    },
  );

  test(
    'the workspace checks of what lists services pass with it (compose file, Helm chart)',
    STEP,
    async () => {
      assert.ok(workspaceChecks, 'not started: the build failed');
      const output = await succeeds('node --test', workspaceChecks);
      assert.match(output, /ℹ fail 0/);
    },
  );

  test('a second service run with the same name fails, naming the folder', async () => {
    const again = await nx('g', '@meridian/nx-plugin:service', ...GENERATE.service);
    assert.notEqual(again.code, 0);
    assert.match(again.output, new RegExp(`services/${SERVICE} already exists`));
  });
});
