// What the generators' specs share: a virtual workspace holding the pharmacy-dispense service as
// the service generator writes its AppModule, and the check that a second run changes nothing.
import assert from 'node:assert/strict';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

/** The AppModule the service generator writes, before any event or participant. */
export const PHARMACY_APP_MODULE = `@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return ServiceKitModule.forService(AppModule, runtime, {
      messaging: { produces: [], consumedTopics: [Topics.ClinicalEncounterV1] },
      features: [EncountersModule],
    });
  }
}
`;

/** An empty workspace formatted as Meridian's, with services/pharmacy-dispense tagged `tags`. */
export function pharmacyWorkspace(tags: readonly string[]): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // Formatted as the workspace is: with prettier (the empty workspace comes with oxfmt's config).
  tree.delete('.oxfmtrc.json');
  tree.write('.prettierrc', JSON.stringify({ singleQuote: true, printWidth: 100 }));
  tree.write('services/pharmacy-dispense/project.json', JSON.stringify({ tags }));
  tree.write('services/pharmacy-dispense/src/app.module.ts', PHARMACY_APP_MODULE);
  return tree;
}

/** Runs `generator` a second time with the same options: it must answer nothing and write nothing. */
export async function assertRerunChangesNothing<O>(
  tree: Tree,
  generator: (tree: Tree, options: O) => Promise<unknown>,
  options: O,
): Promise<void> {
  const changes = (): (string | undefined)[][] =>
    tree.listChanges().map((c) => [c.path, c.content?.toString()]);
  const before = changes();
  assert.equal(await generator(tree, options), undefined);
  assert.deepEqual(changes(), before);
}
