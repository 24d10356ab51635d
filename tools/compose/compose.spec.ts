import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { projects, ROOT, serviceDatabase } from '../scripts/workspace.ts';
import { REGISTRY_DATABASE } from '../stack/config.ts';
import {
  composeValidator,
  interpolate,
  parseComposeFile,
  type ComposeValidator,
} from './compose-file.ts';
import { composeGoVersion, loadComposeSchema } from './compose-schema.ts';

const COMPOSE_DIR = join(ROOT, 'deploy', 'compose');

interface ComposeService {
  readonly image?: string;
  readonly restart?: string;
  readonly read_only?: boolean;
  readonly tmpfs?: string | string[];
  readonly command?: string[];
  readonly healthcheck?: { readonly test?: string | string[]; readonly disable?: boolean };
  readonly depends_on?: Record<string, { readonly condition?: string }>;
  readonly environment?: Record<string, string>;
  readonly ports?: string[];
}
interface ComposeDocument {
  readonly services: Record<string, ComposeService>;
}

const text = readFileSync(join(COMPOSE_DIR, 'docker-compose.yml'), 'utf8');
const raw = parseComposeFile(text);
/** As `docker compose` reads it with no variable set: every default applies. */
const document = interpolate(raw, {}) as ComposeDocument;
const entries = Object.entries(document.services);

/** `[<registry>/]meridian/<name>:<tag>`: the Meridian image a container runs. */
function meridianImage(service: ComposeService): string | undefined {
  return /(?:^|\/)meridian\/([a-z0-9-]+):[^:/]+$/.exec(service.image ?? '')?.[1];
}
const meridianServices = entries.filter(([, s]) => {
  const image = meridianImage(s);
  return image !== undefined && image !== 'tools';
});
const jobs = entries.filter(([, s]) => meridianImage(s) === 'tools');
const serviceFolders = projects('services').map((root) => basename(root));

describe('deploy/compose/docker-compose.yml against the Compose Specification schema', () => {
  let validate: ComposeValidator;
  before(() => {
    validate = composeValidator(loadComposeSchema());
  });

  it('validates with no error', () => {
    assert.deepEqual(validate(document), []);
  });

  it('uses no obsolete top-level version key', () => {
    assert.equal('version' in document, false);
  });

  it('rejects a service whose ports is not a list, naming the path', () => {
    const broken = structuredClone(document) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    const first = serviceFolders[0] ?? 'encounter-ingest';
    (broken.services[first] ?? {})['ports'] = 'x';
    const errors = validate(broken);
    assert.ok(
      errors.some((e) => e.startsWith(`/services/${first}/ports: must be array`)),
      errors.join('\n'),
    );
  });

  it('rejects an unknown key in a service, naming the path and the key', () => {
    const broken = interpolate(
      parseComposeFile(text.replace(/^ {2}kafka:\n/m, '  kafka:\n    restart_policy: always\n')),
      {},
    );
    const errors = validate(broken);
    assert.ok(
      errors.includes('/services/kafka: must NOT have unevaluated properties (restart_policy)'),
      errors.join('\n'),
    );
  });
});

describe('the Meridian services in the compose file', () => {
  it('are exactly the folders of services/, one container each', () => {
    assert.ok(serviceFolders.length > 0, 'services/ has no project');
    assert.deepEqual(meridianServices.map(([, s]) => meridianImage(s)).sort(), serviceFolders);
    assert.deepEqual(meridianServices.map(([name]) => name).sort(), serviceFolders);
  });

  it('run read-only with a writable /tmp and a readiness healthcheck on the port they listen on', () => {
    for (const [name, service] of meridianServices) {
      assert.equal(service.read_only, true, `${name}: read_only`);
      assert.ok([service.tmpfs ?? []].flat().includes('/tmp'), `${name}: tmpfs /tmp`);
      const port = service.environment?.['PORT'];
      assert.ok(port, `${name}: PORT`);
      const test = [service.healthcheck?.test ?? []].flat().join(' ');
      assert.match(test, new RegExp(`^CMD node -e .*127\\.0\\.0\\.1:${port}/health/ready`), name);
      assert.ok(
        (service.ports ?? []).some((p) => p.endsWith(`:${port}`)),
        `${name}: PORT ${port} is published`,
      );
    }
  });

  it('start once Kafka, the registry and PostgreSQL are healthy and every provisioning job has completed', () => {
    assert.ok(jobs.length > 0, 'no provisioning job');
    for (const [name, service] of meridianServices) {
      const dependsOn = service.depends_on ?? {};
      for (const infrastructure of ['kafka', 'registry', 'postgres']) {
        assert.equal(dependsOn[infrastructure]?.condition, 'service_healthy', `${name}`);
      }
      for (const [job] of jobs) {
        assert.equal(dependsOn[job]?.condition, 'service_completed_successfully', `${name}`);
      }
    }
  });

  it('each name itself for tracing and use its own database', () => {
    for (const [name, service] of meridianServices) {
      assert.equal(service.environment?.['OTEL_SERVICE_NAME'], name);
      const url = new URL(service.environment?.['DATABASE_URL'] ?? '');
      assert.equal(url.protocol, 'postgres:', name);
      assert.equal(url.pathname, `/${serviceDatabase(name)}`, name);
    }
  });

  it("run meridian/<name> tagged with the root package.json's version unless MERIDIAN_REGISTRY and MERIDIAN_TAG say otherwise", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    const overridden = interpolate(raw, {
      MERIDIAN_REGISTRY: 'registry.example.com/',
      MERIDIAN_TAG: '1.2.3',
    }) as ComposeDocument;
    for (const [name, service] of [...meridianServices, ...jobs]) {
      const image = meridianImage(service);
      assert.equal(service.image, `meridian/${image}:${version}`, name);
      assert.equal(
        overridden.services[name]?.image,
        `registry.example.com/meridian/${image}:1.2.3`,
        name,
      );
    }
  });
});

describe('the rest of the compose file', () => {
  it('provisions the topics and registers the schemas with one-shot jobs of the tools image', () => {
    const commands = jobs.map(([, job]) => (job.command ?? []).join(' ')).sort();
    assert.deepEqual(commands, [
      'tools/schemas/main.ts register',
      'tools/topics/main.ts provision',
    ]);
    for (const [name, job] of jobs) assert.equal(job.restart, 'no', name);
  });

  it('gives every long-running container a healthcheck, and waits only on checked or one-shot ones', () => {
    for (const [name, service] of entries) {
      if (service.restart === 'no') continue;
      assert.ok(service.healthcheck?.test, `${name} has no healthcheck`);
      assert.notEqual(service.healthcheck.disable, true, name);
    }
    for (const [name, service] of entries) {
      for (const [target, { condition }] of Object.entries(service.depends_on ?? {})) {
        const dependency = document.services[target];
        assert.ok(dependency, `${name} depends on unknown ${target}`);
        if (condition === 'service_healthy') assert.ok(dependency.healthcheck?.test, target);
        else assert.equal(condition, 'service_completed_successfully', `${name} -> ${target}`);
      }
    }
  });

  it('pins every image to a version', () => {
    for (const [name, service] of entries) {
      assert.match(service.image ?? '', /:\d[\w.-]*$/, name);
    }
  });

  it("creates one database per folder of services/ and the registry's in PostgreSQL's init script", () => {
    const sql = readFileSync(join(COMPOSE_DIR, 'postgres-init.sql'), 'utf8');
    const created = [...sql.matchAll(/^CREATE DATABASE (\w+);$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(
      created,
      [REGISTRY_DATABASE, ...serviceFolders.map((s) => serviceDatabase(s))].sort(),
    );
  });
});

describe('interpolate', () => {
  it('replaces variables as Compose does: defaults for unset (and with :- also empty) ones, $$ as $', () => {
    const env = { SET: 'value', EMPTY: '' };
    assert.deepEqual(
      interpolate(
        {
          a: '${SET:-x}/${EMPTY:-x}/${EMPTY-x}/${UNSET-x}/${UNSET}/$SET',
          list: ['$$status', 8080, true],
          '${KEY}': null,
        },
        env,
      ),
      { a: 'value/x//x//value', list: ['$status', 8080, true], '${KEY}': null },
    );
  });

  it('names the path of a variable syntax it does not read', () => {
    assert.throws(
      () => interpolate({ services: { a: { image: 'x:${TAG:?required}' } } }, {}),
      /^Error: \/services\/a\/image: unsupported variable syntax/,
    );
  });
});

describe('composeGoVersion', () => {
  it('reads the version tools/compose/go.mod requires', () => {
    const goMod =
      'module m\n\ngo 1.26.8\n\nrequire github.com/compose-spec/compose-go/v2 v2.16.2\n';
    assert.equal(composeGoVersion(goMod), 'v2.16.2');
  });

  it('says so when go.mod does not require compose-go', () => {
    assert.throws(() => composeGoVersion('module m\n'), /requires no github\.com\/compose-spec/);
  });
});
