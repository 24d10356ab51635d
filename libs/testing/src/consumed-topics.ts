// Which topics a service consumes, as the catalogue says (schemas/topics.json `consumers`, checked
// against the services' own declarations by tools/asyncapi/declarations.spec.ts): the one list a
// test positions a service's fresh consumer group on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './infra.js';

interface Catalogue {
  readonly topics: readonly { readonly name: string; readonly consumers?: readonly string[] }[];
}

/** Every topic of the workspace's schemas/topics.json whose consumers name `service`, sorted. */
export function topicsConsumedBy(service: string, root: string = workspaceRoot()): string[] {
  const catalogue = JSON.parse(
    readFileSync(join(root, 'schemas', 'topics.json'), 'utf8'),
  ) as Catalogue;
  return catalogue.topics
    .filter((topic) => topic.consumers?.includes(service))
    .map((topic) => topic.name)
    .sort();
}
