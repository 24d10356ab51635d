// Everything outside services/<name> that lists the services, so a new one is built, deployed and
// tested like the others: the build's project references, the compose file and its databases, the
// Helm chart's values. (npm start, npm test, the images and the stack's databases find services/
// by themselves.)
import type { Tree } from '@nx/devkit';
import { readJson, updateJson } from '@nx/devkit';
import { COMPOSE_FILE } from './ports.ts';
import type { ServiceNames } from './options.ts';

export const BUILD_TSCONFIG = 'tsconfig.build.json';
export const POSTGRES_INIT = 'deploy/compose/postgres-init.sql';
export const CHART = 'helm/meridian';

/** Adds `services/<name>` to the build's references, after the last service. */
export function addBuildReference(tree: Tree, name: string): void {
  const path = `services/${name}`;
  updateJson<{ references: { path: string }[] }>(tree, BUILD_TSCONFIG, (config) => {
    const references = config.references.filter((r) => r.path !== path);
    const last = references.map((r) => r.path.startsWith('services/')).lastIndexOf(true);
    references.splice(last === -1 ? references.length : last + 1, 0, { path });
    return { ...config, references };
  });
}

/** `text` with `block` inserted before the first line matching `before` (else at the end). */
function insertBefore(text: string, before: RegExp, block: string): string {
  const match = before.exec(text);
  if (!match) return `${text.trimEnd()}\n\n${block}`;
  const head = text.slice(0, match.index).trimEnd();
  return `${head}\n\n${block}\n${text.slice(match.index)}`;
}

/** The service's container in the compose file, on its own database, published on `port`. */
export function addComposeService(tree: Tree, names: ServiceNames, port: number): void {
  const text = tree.read(COMPOSE_FILE, 'utf-8');
  if (text === null) return;
  const { name, database } = names;
  const block = [
    `  ${name}:`,
    '    <<: *meridian-service',
    `    image: \${MERIDIAN_REGISTRY:-}meridian/${name}:\${MERIDIAN_TAG:-0.1.0}`,
    '    environment:',
    '      <<: *meridian-environment',
    `      OTEL_SERVICE_NAME: ${name}`,
    `      DATABASE_URL: postgres://meridian:\${POSTGRES_PASSWORD:-meridian}@postgres:5432/${database}`,
    '    ports:',
    `      - '${port}:8080'`,
    '',
  ].join('\n');
  tree.write(COMPOSE_FILE, insertBefore(text, /^volumes:/m, block));
  const init = tree.read(POSTGRES_INIT, 'utf-8');
  if (init !== null) tree.write(POSTGRES_INIT, `${init.trimEnd()}\nCREATE DATABASE ${database};\n`);
}

/** The `services:` map of a values file: its block text ends at the next top-level key. */
function addServiceValues(tree: Tree, path: string, lines: readonly string[]): void {
  const text = tree.read(path, 'utf-8');
  if (text === null) return;
  const start = /^services:[^\n]*\n/m.exec(text);
  if (!start) throw new Error(`${path} has no top-level services: map`);
  const from = start.index + start[0].length;
  const next = /^\S/m.exec(text.slice(from));
  const end = next ? from + next.index : text.length;
  const block = text.slice(from, end).trimEnd();
  tree.write(path, `${text.slice(0, from)}${block}\n${lines.join('\n')}\n\n${text.slice(end)}`);
}

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

/**
 * The chart's values for the service (values.yaml, values-production.yaml's CloudNativePG secret)
 * and its entry in values.schema.json, shaped as the plainest existing service's. Nothing when the
 * chart is not there.
 */
export function addHelmValues(tree: Tree, name: string): void {
  if (!tree.exists(`${CHART}/values.yaml`)) return;
  addServiceValues(tree, `${CHART}/values.yaml`, [
    `  ${name}:`,
    '    enabled: true',
    '    env: {}',
  ]);
  addServiceValues(tree, `${CHART}/values-production.yaml`, [
    `  ${name}:`,
    '    enabled: true',
    '    database:',
    `      existingSecret: ${name}-db-app`,
    '      key: uri',
  ]);
  const schemaPath = `${CHART}/values.schema.json`;
  if (!tree.exists(schemaPath)) return;
  const services = readJson<JsonSchema>(tree, schemaPath).properties?.['services']?.properties;
  const plainest = Object.values(services ?? {}).sort(
    (a, b) => Object.keys(a.properties ?? {}).length - Object.keys(b.properties ?? {}).length,
  )[0];
  if (!plainest) throw new Error(`${schemaPath} has no service entry to copy`);
  updateJson<JsonSchema>(tree, schemaPath, (schema) => {
    const entries = schema.properties?.['services']?.properties;
    if (entries) entries[name] = structuredClone(plainest);
    return schema;
  });
}
