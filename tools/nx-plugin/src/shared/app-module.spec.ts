// editAppModule on a virtual tree: the AppModule shapes the services and the service generator's
// template write, each edit made once, and the refusals naming the file.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { appModulePath, editAppModule } from './app-module.ts';

/** An AppModule as the services write it, with `messaging` and `features` given as source text. */
function moduleOf(messaging: string, features: string): string {
  return `import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { allRecords, ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import type { AppConfig } from './config/app.config.js';
import { BedBoardModule } from './bed-board/bed-board.module.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return ServiceKitModule.forService(AppModule, runtime, {
      database: { entities: [], migrations: [] },
      messaging: ${messaging},
      features: ${features},
    });
  }
}
`;
}

function treeWith(text: string): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write(appModulePath('ward-sync'), text);
  return tree;
}

const read = (tree: Tree): string => tree.read(appModulePath('ward-sync'), 'utf-8') ?? '';

describe('editAppModule', () => {
  test('adds a produced topic to allRecords(...) once', () => {
    const tree = treeWith(
      moduleOf(
        '{ produces: allRecords(Topics.WardBedV1), consumedTopics: [] }',
        '[BedBoardModule]',
      ),
    );
    assert.equal(editAppModule(tree, 'ward-sync', { produces: 'WardTransportV1' }), true);
    assert.match(read(tree), /produces: allRecords\(Topics\.WardBedV1, Topics\.WardTransportV1\)/);
    assert.equal(editAppModule(tree, 'ward-sync', { produces: 'WardTransportV1' }), false);
    assert.equal(read(tree).match(/Topics\.WardTransportV1/g)?.length, 1);
  });

  test('turns an empty produces array into allRecords(...), importing it', () => {
    const tree = treeWith(
      moduleOf(
        '{ produces: [], consumedTopics: [Topics.ClinicalEncounterV1] }',
        '[BedBoardModule]',
      ).replace('allRecords, ', ''),
    );
    editAppModule(tree, 'ward-sync', { produces: 'WardTransportV1' });
    assert.match(read(tree), /produces: allRecords\(Topics\.WardTransportV1\),/);
    assert.match(
      read(tree),
      /import \{ ServiceKitModule, allRecords \} from '@meridian\/service-kit';/,
    );
  });

  test('adds a spread of allRecords(...) to a produces array with entries', () => {
    const tree = treeWith(
      moduleOf('{ produces: [{ topic: Topics.WardBedV1, records: [] }] }', '[BedBoardModule]'),
    );
    editAppModule(tree, 'ward-sync', { produces: 'WardTransportV1' });
    assert.match(read(tree), /records: \[\] \}, \.\.\.allRecords\(Topics\.WardTransportV1\)\]/);
    assert.equal(editAppModule(tree, 'ward-sync', { produces: 'WardTransportV1' }), false);
  });

  test('registers a feature module with its import, and the commands topic it answers', () => {
    const tree = treeWith(moduleOf('{ produces: [] }', '[BedBoardModule]'));
    const edit = {
      answers: 'WardSyncCommandsV1',
      feature: {
        name: 'ReserveTransportModule',
        from: './reserve-transport/reserve-transport.module.js',
      },
    };
    assert.equal(editAppModule(tree, 'ward-sync', edit), true);
    const text = read(tree);
    assert.match(text, /features: \[BedBoardModule, ReserveTransportModule\]/);
    assert.match(text, /messaging: \{answers: Topics\.WardSyncCommandsV1, produces: \[\] \}/);
    assert.match(
      text,
      /import \{ ReserveTransportModule \} from '\.\/reserve-transport\/reserve-transport\.module\.js';/,
    );
    assert.equal(editAppModule(tree, 'ward-sync', edit), false);
  });

  test('refuses a second commands topic, naming the file', () => {
    const tree = treeWith(
      moduleOf('{ answers: Topics.WardSyncCommandsV1, produces: [] }', '[BedBoardModule]'),
    );
    assert.throws(
      () => editAppModule(tree, 'ward-sync', { answers: 'OtherCommandsV1' }),
      /services\/ward-sync\/src\/app\.module\.ts: messaging\.answers is Topics\.WardSyncCommandsV1/,
    );
  });

  test('refuses a module of another shape, naming the file', () => {
    const tree = treeWith(moduleOf('{ produces: [] }', 'FEATURES'));
    assert.throws(
      () => editAppModule(tree, 'ward-sync', { feature: { name: 'X', from: './x.js' } }),
      /services\/ward-sync\/src\/app\.module\.ts: no features array/,
    );
    const bare = createTreeWithEmptyWorkspace();
    bare.write(appModulePath('ward-sync'), 'export class AppModule {}\n');
    assert.throws(
      () => editAppModule(bare, 'ward-sync', { produces: 'WardBedV1' }),
      /app\.module\.ts: no ServiceKitModule\.forService/,
    );
    assert.throws(
      () => editAppModule(createTreeWithEmptyWorkspace(), 'ward-sync', { produces: 'WardBedV1' }),
      /services\/ward-sync\/src\/app\.module\.ts does not exist/,
    );
  });
});
