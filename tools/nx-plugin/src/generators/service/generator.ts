// `nx g @meridian/nx-plugin:service --name=<name> --domain=<domain> [--port=<port>]`: a domain
// service on the service kit, copied from the folded services' shape (files/), with one example
// consumer of clinical.encounter.v1 and its integration test, registered wherever the workspace
// lists its services (among them as a producer of audit.v1, as every service on the kit is). Refuses to overwrite anything, naming what exists.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { formatFiles, generateFiles } from '@nx/devkit';
import { regenerate } from '../../shared/regenerate.ts';
import { addConsumer, addProducer } from '../../shared/topics-json.ts';
import { checkServiceOptions, serviceNames } from './options.ts';
import type { ServiceNames, ServiceOptions } from './options.ts';
import { composePorts, nextFreePort, portProblem, servicePorts } from './ports.ts';
import { addBuildReference, addComposeService, addHelmValues } from './registrations.ts';

const FILES = join(import.meta.dirname, 'files');
/** The topic the example consumer reads (its handlers, its test and the catalogue entry). */
export const EXAMPLE_TOPIC = 'clinical.encounter.v1';
/** The audit trail: every service on the kit publishes its audit records there (its outbox). */
export const AUDIT_TOPIC = 'audit.v1';
const TEMPLATE_SUFFIX = '.template';

/** Every template's path relative to files/, `__name__` standing for the service name. */
function templates(dir: string = FILES): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templates(path) : [relative(FILES, path)];
  });
}

/** Where a template is written. */
function targetOf(template: string, name: string): string {
  return template.replaceAll('__name__', name).slice(0, -TEMPLATE_SUFFIX.length);
}

/** The port the service reserves: `--port` when nothing holds it, else the next free one. */
function choosePort(tree: Tree, wanted: number | undefined): number {
  const held = [...servicePorts(tree), ...composePorts(tree)];
  if (wanted === undefined) return nextFreePort(held);
  const problem = portProblem(held, wanted);
  if (problem) throw new Error(problem);
  return wanted;
}

function refuseExisting(tree: Tree, names: ServiceNames): void {
  const folder = `services/${names.name}`;
  if (tree.exists(folder))
    throw new Error(`${folder} already exists; not overwriting it (choose another --name)`);
  for (const template of templates()) {
    const target = targetOf(template, names.name);
    if (tree.exists(target)) throw new Error(`${target} already exists; not overwriting it`);
  }
}

export default async function serviceGenerator(
  tree: Tree,
  options: ServiceOptions,
): Promise<GeneratorCallback> {
  const { name, domain } = checkServiceOptions(options);
  const names = serviceNames(name);
  refuseExisting(tree, names);
  const port = choosePort(tree, options.port);

  generateFiles(tree, FILES, '.', {
    ...names,
    domain,
    port,
    migrationClass: `${names.className}Tables${Date.now()}`,
    entitiesConst: `${names.database.toUpperCase()}_ENTITIES`,
    template: '',
  });
  addBuildReference(tree, name);
  addComposeService(tree, names, port);
  addHelmValues(tree, name);
  addConsumer(tree, EXAMPLE_TOPIC, name);
  addProducer(tree, AUDIT_TOPIC, name);
  await formatFiles(tree);
  return regenerate(tree);
}
