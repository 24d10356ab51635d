// helm/meridian: lint, render, validate against the Kubernetes 1.33 and 1.34 schemas (strict), and
// the promises the chart makes (every service deployed safely, every topic provisioned, hooks in
// order, invalid values refused). Needs helm and kubernetes-validate: built or installed the first
// time (minutes), then reused.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { ALL_TOPICS } from '@meridian/contracts';
import { parse } from 'yaml';
import { projects, ROOT } from '../scripts/workspace.ts';
import {
  CUSTOM_KINDS,
  parseManifests,
  render,
  runProgram,
  template,
  validate,
  valueArgs,
  type ChartValues,
  type Manifest,
} from './chart.ts';
import { ensureHelm, ensureKubernetesValidate } from './setup.ts';
import { CHART_DIR } from './sync.ts';

const SETUP_TIMEOUT_MS = 30 * 60_000;
const KUBERNETES_VERSIONS = ['1.33.0', '1.34.0'];

/** Every service folder in services/ (never a list written here). */
const SERVICES = projects('services').map((root) => root.split('/')[1] ?? root);

interface CatalogueTopic {
  readonly name: string;
  readonly partitions: number;
}
const CATALOGUE = (
  JSON.parse(readFileSync(join(ROOT, 'schemas/topics.json'), 'utf8')) as {
    topics: CatalogueTopic[];
  }
).topics;

const PROFILES: Readonly<Record<string, ChartValues>> = {
  'default values': {},
  'values-production.yaml': { files: ['values-production.yaml'] },
  'every optional resource (Strimzi topics, HPA, ServiceMonitor, PrometheusRule)': {
    set: {
      'kafka.topics.provisioner': 'strimzi',
      'serviceDefaults.autoscaling.enabled': 'true',
      'metrics.serviceMonitor.enabled': 'true',
      'metrics.prometheusRule.enabled': 'true',
    },
  },
};

type Json = Record<string, unknown>;

function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function only(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind && m.metadata.name === name);
  assert.equal(found.length, 1, `exactly one ${kind} ${name}`);
  return found[0] as Manifest;
}

function annotations(manifest: Manifest): Json {
  return (manifest.metadata['annotations'] ?? {}) as Json;
}

function labels(manifest: Manifest): Json {
  return (manifest.metadata['labels'] ?? {}) as Json;
}

function isSubset(subset: Json, of: Json): boolean {
  return Object.entries(subset).every(([key, value]) => of[key] === value);
}

function container(workload: Manifest): Json {
  const containers = at(workload, 'spec', 'template', 'spec', 'containers') as Json[];
  assert.equal(containers.length, 1, `${workload.metadata.name} has one container`);
  return containers[0] as Json;
}

function env(workload: Manifest): Json[] {
  return (container(workload)['env'] ?? []) as Json[];
}

function envValue(workload: Manifest, name: string): unknown {
  return env(workload).find((variable) => variable['name'] === name);
}

let helm = '';
let python = '';
const rendered = new Map<string, Manifest[]>();

before(
  async () => {
    const log = (line: string): void => console.log(`[helm spec] ${line}`);
    helm = await ensureHelm(log);
    python = await ensureKubernetesValidate(log);
    for (const [profile, values] of Object.entries(PROFILES)) {
      rendered.set(profile, await render(helm, values));
    }
  },
  { timeout: SETUP_TIMEOUT_MS },
);

function manifestsOf(profile: string): Manifest[] {
  const manifests = rendered.get(profile);
  assert.ok(manifests, `${profile} was rendered`);
  return manifests;
}

describe('helm lint --strict', () => {
  for (const [profile, values] of Object.entries(PROFILES)) {
    it(`passes with ${profile}`, async () => {
      const args = ['lint', '--strict', CHART_DIR, ...valueArgs(values)];
      const { code, stdout, stderr } = await runProgram(helm, args);
      assert.equal(code, 0, `${stdout}${stderr}`);
      assert.match(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }
});

describe('helm install (client-side dry run: no cluster here)', () => {
  it('installs values-production.yaml and its NOTES name every service and the hooks', async () => {
    const { code, stdout, stderr } = await runProgram(helm, [
      'install',
      'meridian',
      CHART_DIR,
      '--namespace',
      'meridian',
      '--dry-run=client',
      ...valueArgs(PROFILES['values-production.yaml'] ?? {}),
    ]);
    assert.equal(code, 0, stderr);
    const notes = stdout.slice(stdout.indexOf('NOTES:'));
    for (const service of SERVICES) {
      assert.ok(notes.includes(`${service}: meridian-${service}.meridian.svc`), service);
    }
    assert.match(
      notes,
      /meridian-encounter-ingest-mllp\.meridian\.svc:2575 \(Service type LoadBalancer\)/,
    );
    assert.match(notes, /created or grown by the topics hook Job/);
  });

  it('refuses replicas: "two" with the schema\'s message naming the field', async () => {
    const { code, stderr } = await runProgram(helm, [
      'install',
      'meridian',
      CHART_DIR,
      '--dry-run=client',
      ...valueArgs({ set: { 'services.revenue-cycle.replicas': 'two' } }),
    ]);
    assert.notEqual(code, 0);
    assert.match(stderr, /at '\/services\/revenue-cycle\/replicas': got string, want integer/);
  });
});

describe('every rendered manifest validates against the Kubernetes schemas in strict mode', () => {
  for (const profile of Object.keys(PROFILES)) {
    it(`${profile}: Kubernetes ${KUBERNETES_VERSIONS.join(' and ')}`, async (t) => {
      const manifests = manifestsOf(profile);
      const builtIn = manifests.filter((m) => !CUSTOM_KINDS.has(m.kind));
      const { passed, problems } = await validate(python, builtIn, KUBERNETES_VERSIONS);
      assert.deepEqual(problems, []);
      for (const version of KUBERNETES_VERSIONS) {
        const minor = version.split('.').slice(0, 2).join('.');
        const count = passed.filter((p) => p.endsWith(`@${minor}`)).length;
        assert.equal(count, builtIn.length, `every object validated against ${minor}`);
        t.diagnostic(
          `${profile}: ${count} objects valid against Kubernetes ${minor} (strict); ${manifests.length - builtIn.length} custom resources checked by shape`,
        );
      }
    });
  }

  it('refuses an unknown field (strict mode is on)', async () => {
    const deployment = only(manifestsOf('default values'), 'Deployment', 'meridian-revenue-cycle');
    const broken = structuredClone(deployment) as Json;
    (at(broken, 'spec', 'template', 'spec') as Json)['restartPolicyy'] = 'Always';
    const { problems } = await validate(python, [broken as Manifest], ['1.34.0']);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /'restartPolicyy' was unexpected/);
  });
});

describe('every service in services/', () => {
  it('is found in the repository', () => {
    assert.ok(SERVICES.length >= 7, `services/ has ${SERVICES.join(', ')}`);
  });

  for (const profile of ['default values', 'values-production.yaml']) {
    it(`has a Deployment with probes, resources, securityContext and a PodDisruptionBudget (${profile})`, () => {
      const manifests = manifestsOf(profile);
      for (const service of SERVICES) {
        const deployment = only(manifests, 'Deployment', `meridian-${service}`);
        const pod = at(deployment, 'spec', 'template', 'spec') as Json;
        const main = container(deployment);
        assert.equal(
          main['image'],
          profile === 'default values'
            ? `meridian/${service}:0.1.0`
            : `registry.hospital.example/meridian/${service}:0.1.0`,
        );
        for (const [probe, path] of [
          ['startupProbe', '/health/live'],
          ['livenessProbe', '/health/live'],
          ['readinessProbe', '/health/ready'],
        ] as const) {
          assert.equal(at(main, probe, 'httpGet', 'path'), path, `${service} ${probe}`);
          assert.equal(at(main, probe, 'httpGet', 'port'), 'http', `${service} ${probe}`);
        }
        assert.ok(at(main, 'resources', 'requests', 'cpu'), `${service} requests cpu`);
        assert.ok(at(main, 'resources', 'requests', 'memory'), `${service} requests memory`);
        assert.ok(at(main, 'resources', 'limits', 'memory'), `${service} limits memory`);
        assert.equal(at(pod, 'securityContext', 'runAsNonRoot'), true);
        assert.equal(pod['enableServiceLinks'], false);
        assert.equal(at(pod, 'securityContext', 'runAsUser'), 10001);
        assert.equal(at(pod, 'securityContext', 'seccompProfile', 'type'), 'RuntimeDefault');
        assert.deepEqual(at(main, 'securityContext', 'capabilities', 'drop'), ['ALL']);
        assert.equal(at(main, 'securityContext', 'allowPrivilegeEscalation'), false);
        assert.equal(at(main, 'securityContext', 'readOnlyRootFilesystem'), true);
        assert.equal(at(main, 'securityContext', 'runAsNonRoot'), true);
        const tmp = (main['volumeMounts'] as Json[]).find((m) => m['mountPath'] === '/tmp');
        const volume = (pod['volumes'] as Json[]).find((v) => v['name'] === tmp?.['name']);
        assert.ok(volume?.['emptyDir'], `${service} has a writable emptyDir at /tmp`);
        assert.ok((pod['topologySpreadConstraints'] as Json[]).length > 0, `${service} spreads`);
        const selector = at(deployment, 'spec', 'selector', 'matchLabels') as Json;
        const pdb = only(manifests, 'PodDisruptionBudget', `meridian-${service}`);
        assert.deepEqual(at(pdb, 'spec', 'selector', 'matchLabels'), selector);
        const service_ = only(manifests, 'Service', `meridian-${service}`);
        assert.deepEqual(at(service_, 'spec', 'selector'), selector);
      }
    });
  }

  it("runs 3 replicas with values-production.yaml (the HPA owns encounter-ingest's count)", () => {
    const manifests = manifestsOf('values-production.yaml');
    for (const service of SERVICES) {
      const deployment = only(manifests, 'Deployment', `meridian-${service}`);
      const hpa = manifests.find(
        (m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === `meridian-${service}`,
      );
      if (hpa) {
        assert.equal(at(deployment, 'spec', 'replicas'), undefined);
        assert.equal(at(hpa, 'spec', 'minReplicas'), 3);
      } else {
        assert.equal(at(deployment, 'spec', 'replicas'), 3, service);
      }
    }
  });

  it('overrides the shared defaults with its own values, false and 0 included', async () => {
    const manifests = await render(helm, {
      set: {
        'serviceDefaults.replicas': '2',
        'services.revenue-cycle.replicas': '0',
        'services.revenue-cycle.pdb.enabled': 'false',
        'services.revenue-cycle.migrations': 'false',
        'services.revenue-cycle.resources.limits.memory': '1Gi',
      },
    });
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    const own = only(manifests, 'Deployment', 'meridian-revenue-cycle');
    assert.equal(at(own, 'spec', 'replicas'), 0);
    assert.deepEqual(at(container(own), 'resources'), {
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { memory: '1Gi' },
    });
    assert.ok(!names.includes('PodDisruptionBudget/meridian-revenue-cycle'));
    assert.ok(!names.includes('Job/meridian-migrate-revenue-cycle'));
    assert.equal(
      at(only(manifests, 'Deployment', 'meridian-observability'), 'spec', 'replicas'),
      2,
    );
  });

  it('is left out, with its migration Job, when disabled', async () => {
    const [service] = SERVICES;
    const manifests = await render(helm, { set: { [`services.${service}.enabled`]: 'false' } });
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
      assert.ok(!names.includes(`${kind}/meridian-${service}`), `${kind} of ${service} is gone`);
    }
    assert.ok(!names.includes(`Job/meridian-migrate-${service}`));
    assert.equal(manifests.filter((m) => m.kind === 'Deployment').length, SERVICES.length - 1);
  });
});

describe('hook Jobs before install and upgrade', () => {
  const hooks = (manifests: readonly Manifest[]): Manifest[] =>
    manifests.filter((m) => m.kind === 'Job');
  const weight = (job: Manifest): number => Number(annotations(job)['helm.sh/hook-weight']);

  it("run topics, then schemas, then every service's migrations, all before the Deployments", () => {
    const jobs = hooks(manifestsOf('default values'));
    const topics = only(jobs, 'Job', 'meridian-topics');
    const schemas = only(jobs, 'Job', 'meridian-schemas');
    assert.deepEqual(container(topics)['args'], ['tools/topics/main.ts', 'provision']);
    assert.deepEqual(container(schemas)['args'], ['tools/schemas/main.ts', 'register']);
    assert.equal(container(topics)['image'], 'meridian/tools:0.1.0');
    for (const service of SERVICES) {
      const migrate = only(jobs, 'Job', `meridian-migrate-${service}`);
      assert.deepEqual(container(migrate)['args'], ['migrate']);
      assert.equal(container(migrate)['image'], `meridian/${service}:0.1.0`);
      assert.ok(envValue(migrate, 'DATABASE_URL'), `${service} migrations get DATABASE_URL`);
      assert.ok(weight(topics) < weight(schemas) && weight(schemas) < weight(migrate));
    }
    assert.equal(jobs.length, SERVICES.length + 2);
    for (const job of jobs) {
      assert.equal(annotations(job)['helm.sh/hook'], 'pre-install,pre-upgrade');
      assert.equal(
        annotations(job)['helm.sh/hook-delete-policy'],
        'before-hook-creation,hook-succeeded',
      );
      assert.equal(typeof at(job, 'spec', 'backoffLimit'), 'number');
      assert.equal(typeof at(job, 'spec', 'activeDeadlineSeconds'), 'number');
      assert.equal(at(job, 'spec', 'template', 'spec', 'restartPolicy'), 'Never');
      assert.equal(at(job, 'spec', 'template', 'spec', 'enableServiceLinks'), false);
      assert.equal(at(container(job), 'securityContext', 'readOnlyRootFilesystem'), true);
    }
  });
});

describe('every topic of schemas/topics.json is provisioned', () => {
  it('by the topic Job, which creates the catalogue the contracts are generated from', () => {
    const job = only(manifestsOf('values-production.yaml'), 'Job', 'meridian-topics');
    assert.deepEqual(
      ALL_TOPICS.map(({ name, partitions }) => ({ name, partitions })),
      CATALOGUE.map(({ name, partitions }) => ({ name, partitions })),
    );
    assert.deepEqual(envValue(job, 'KAFKA_REPLICATION_FACTOR'), {
      name: 'KAFKA_REPLICATION_FACTOR',
      value: '3',
    });
    assert.deepEqual(container(job)['args'], ['tools/topics/main.ts', 'provision']);
    assert.deepEqual(envValue(job, 'KAFKA_SSL'), { name: 'KAFKA_SSL', value: 'true' });
    assert.ok(envValue(job, 'KAFKA_SASL_PASSWORD'), 'the job authenticates like the services');
  });

  it('or by one Strimzi KafkaTopic each (and then no topic Job)', () => {
    const manifests = manifestsOf(
      'every optional resource (Strimzi topics, HPA, ServiceMonitor, PrometheusRule)',
    );
    assert.ok(!manifests.some((m) => m.kind === 'Job' && m.metadata.name === 'meridian-topics'));
    const kafkaTopics = manifests.filter((m) => m.kind === 'KafkaTopic');
    assert.deepEqual(
      kafkaTopics.map((t) => ({
        name: at(t, 'spec', 'topicName'),
        partitions: at(t, 'spec', 'partitions'),
      })),
      CATALOGUE.map(({ name, partitions }) => ({ name, partitions })),
    );
    for (const topic of kafkaTopics) {
      // The custom resource's shape (kubernetes-validate has no schema for it).
      assert.equal(topic.apiVersion, 'kafka.strimzi.io/v1beta2');
      assert.match(topic.metadata.name, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      assert.equal(labels(topic)['strimzi.io/cluster'], 'meridian');
      assert.equal(at(topic, 'spec', 'replicas'), 1);
      assert.equal(annotations(topic)['helm.sh/resource-policy'], 'keep');
    }
  });
});

describe('monitoring custom resources (shape checked here: kubernetes-validate has no schema)', () => {
  const profile = 'every optional resource (Strimzi topics, HPA, ServiceMonitor, PrometheusRule)';

  it("a ServiceMonitor scrapes /metrics on every service's HTTP Service and not the MLLP one", () => {
    const manifests = manifestsOf(profile);
    const monitor = only(manifests, 'ServiceMonitor', 'meridian');
    assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
    const selector = at(monitor, 'spec', 'selector', 'matchLabels') as Json;
    const selected = manifests
      .filter((m) => m.kind === 'Service' && isSubset(selector, labels(m)))
      .map((m) => m.metadata.name)
      .sort();
    assert.deepEqual(selected, SERVICES.map((s) => `meridian-${s}`).sort());
    assert.deepEqual(at(monitor, 'spec', 'endpoints'), [
      { port: 'http', path: '/metrics', interval: '30s' },
    ]);
  });

  it('a PrometheusRule carries exactly the rules of deploy/observability/alerts.yaml', () => {
    const rule = only(manifestsOf(profile), 'PrometheusRule', 'meridian');
    assert.equal(rule.apiVersion, 'monitoring.coreos.com/v1');
    const alerts = parse(
      readFileSync(join(ROOT, 'deploy/observability/alerts.yaml'), 'utf8'),
    ) as Json;
    assert.ok((alerts['groups'] as unknown[]).length > 0);
    assert.deepEqual(at(rule, 'spec', 'groups'), alerts['groups']);
  });
});

describe('Kafka, registry and databases are external', () => {
  it('values-production.yaml connects with TLS and SASL/SCRAM and reads each database URL from its Secret', () => {
    const manifests = manifestsOf('values-production.yaml');
    const config = only(manifests, 'ConfigMap', 'meridian');
    assert.equal(at(config, 'data', 'KAFKA_SSL'), 'true');
    assert.equal(at(config, 'data', 'KAFKA_SASL_MECHANISM'), 'scram-sha-512');
    assert.equal(at(config, 'data', 'KAFKA_SSL_CA_FILE'), '/etc/meridian/kafka-ca/ca.crt');
    assert.ok(
      !('KAFKA_SASL_PASSWORD' in ((config['data'] ?? {}) as Json)),
      'no secret in the ConfigMap',
    );
    for (const service of SERVICES) {
      const deployment = only(manifests, 'Deployment', `meridian-${service}`);
      assert.deepEqual(envValue(deployment, 'DATABASE_URL'), {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: `${service}-db-app`, key: 'uri' } },
      });
      assert.deepEqual(envValue(deployment, 'KAFKA_SASL_PASSWORD'), {
        name: 'KAFKA_SASL_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'meridian-kafka-credentials', key: 'password' } },
      });
      const mounts = container(deployment)['volumeMounts'] as Json[];
      assert.ok(
        mounts.some((m) => m['mountPath'] === '/etc/meridian/kafka-ca' && m['readOnly'] === true),
      );
    }
  });

  it('mounts a Kafka CA only with TLS on (KAFKA_SSL_CA_FILE without KAFKA_SSL stops a service)', async () => {
    const manifests = await render(helm, { set: { 'kafka.tls.caSecret': 'kafka-ca' } });
    const config = only(manifests, 'ConfigMap', 'meridian');
    assert.equal(at(config, 'data', 'KAFKA_SSL'), 'false');
    assert.equal(at(config, 'data', 'KAFKA_SSL_CA_FILE'), undefined);
    const pod = at(
      only(manifests, 'Deployment', 'meridian-observability'),
      'spec',
      'template',
      'spec',
    ) as Json;
    assert.deepEqual(
      (pod['volumes'] as Json[]).map((v) => v['name']),
      ['tmp'],
    );
  });

  it("encounter-ingest's MLLP Service is TCP 2575 of the type the values say", () => {
    for (const [profile, type] of [
      ['default values', 'ClusterIP'],
      ['values-production.yaml', 'LoadBalancer'],
    ] as const) {
      const mllp = only(manifestsOf(profile), 'Service', 'meridian-encounter-ingest-mllp');
      assert.equal(at(mllp, 'spec', 'type'), type);
      assert.deepEqual(at(mllp, 'spec', 'ports'), [
        { name: 'mllp', port: 2575, targetPort: 'mllp', protocol: 'TCP' },
      ]);
    }
  });
});

describe("invalid values fail with the schema's message naming the field", () => {
  const refused = async (values: ChartValues, field: RegExp, reason: RegExp): Promise<void> => {
    const { code, stdout, stderr } = await template(helm, values);
    assert.notEqual(code, 0, 'helm template must fail');
    assert.equal(parseManifests(stdout).length, 0, 'nothing is rendered');
    assert.match(stderr, /values don't meet the specifications of the schema/);
    assert.match(stderr, field);
    assert.match(stderr, reason);
  };

  it('replicas: "two"', async () => {
    await refused(
      { set: { 'services.revenue-cycle.replicas': 'two' } },
      /'\/services\/revenue-cycle\/replicas'/,
      /got string, want integer/,
    );
  });

  it('a misspelt key and a service that does not exist', async () => {
    await refused(
      { set: { 'services.revenue-cycle.replica': '2', 'services.billing.enabled': 'true' } },
      /'\/services\/revenue-cycle': additional properties 'replica' not allowed/,
      /'\/services': additional properties 'billing' not allowed/,
    );
  });

  it('SASL without the Secret holding its password', async () => {
    await refused(
      { set: { 'kafka.sasl.mechanism': 'scram-sha-512', 'kafka.sasl.username': 'meridian' } },
      /'\/kafka\/sasl\/existingSecret'/,
      /minLength/,
    );
  });
});
