// The services of the workspace as a generator sees them: folders under services/ with a
// project.json, and their domain (the `scope:<domain>` tag).
import type { Tree } from '@nx/devkit';
import { readJson } from '@nx/devkit';

interface ProjectJson {
  readonly tags?: readonly string[];
}

/** The domain of services/<service> (its `scope:` tag), or undefined when it is no service. */
export function serviceDomain(tree: Tree, service: string): string | undefined {
  const path = `services/${service}/project.json`;
  if (!tree.exists(path)) return undefined;
  const scope = (readJson<ProjectJson>(tree, path).tags ?? []).find((t) => t.startsWith('scope:'));
  return scope?.slice('scope:'.length);
}

/** Every service whose scope tag is `domain`, sorted. */
export function servicesOfDomain(tree: Tree, domain: string): string[] {
  return tree
    .children('services')
    .filter((service) => serviceDomain(tree, service) === domain)
    .sort();
}
