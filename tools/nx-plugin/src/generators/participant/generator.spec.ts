// The participant generator on a virtual tree: the command and reply records, the commands topic
// and saga.replies.v1 entries, the handler registered in the AppModule, its integration test; the
// same options again change nothing; refusals name the option or the file. The acceptance test
// (generators.int.spec.ts) builds the result and runs the integration test on the real stack.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tree } from '@nx/devkit';
import { readJson } from '@nx/devkit';
import {
  assertRerunChangesNothing,
  PHARMACY_APP_MODULE,
  pharmacyWorkspace,
} from '../../shared/testing.ts';
import { REPLY_HEADER_FIELDS } from '@meridian/saga';
import participantGenerator from './generator.ts';
import { sagaKey } from './participant.ts';

const field = (name: string): { name: string; type: string; doc: string } => ({
  name,
  type: 'string',
  doc: name,
});

/** A command of discharge-to-revenue as schemas/ has them (its own fields after the saga's). */
const releaseBed = {
  type: 'record',
  name: 'ReleaseBed',
  namespace: 'health.meridian.workforce',
  doc: 'discharge-to-revenue step 1: release the bed.',
  fields: [
    ...['envelope', 'sagaId', 'sagaType', 'stepName', 'encounterId'].map(field),
    { ...field('location'), type: 'health.meridian.clinical.Location' },
  ],
};

interface Topic {
  readonly name: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly records: readonly string[];
}

function workspace(): Tree {
  const tree = pharmacyWorkspace(['scope:pharmacy']);
  tree.write('schemas/workforce/ReleaseBed.avsc', JSON.stringify(releaseBed));
  const topic = (name: string, producers: string[], consumers: string[]): Topic => ({
    name,
    producers,
    consumers,
    records: [],
  });
  tree.write(
    'schemas/topics.json',
    JSON.stringify({
      topics: [
        topic('clinical.encounter.v1', ['ingest'], ['pharmacy-dispense']),
        topic('workforce-sync.commands.v1', ['saga-orchestrator'], ['workforce-sync']),
        topic('saga.replies.v1', ['workforce-sync'], ['saga-orchestrator']),
        topic('saga.lifecycle.v1', ['saga-orchestrator'], []),
      ],
    }),
  );
  return tree;
}

const OPTIONS = {
  service: 'pharmacy-dispense',
  saga: 'discharge-to-revenue',
  command: 'ReconcileDischargeMedications',
};
const DIR = 'services/pharmacy-dispense/src/reconcile-discharge-medications';
const topics = (tree: Tree): Topic[] =>
  readJson<{ topics: Topic[] }>(tree, 'schemas/topics.json').topics;
const names = (record: { fields: { name: string }[] }): string[] =>
  record.fields.map((f) => f.name);

describe('participant generator', () => {
  test('writes the command and its reply, their topics, the handler in the AppModule and its test', async () => {
    const tree = workspace();
    assert.ok(await participantGenerator(tree, OPTIONS), 'a regeneration callback');

    const command = readJson(tree, 'schemas/pharmacy/ReconcileDischargeMedications.avsc');
    assert.equal(command.namespace, 'health.meridian.pharmacy');
    assert.deepEqual(names(command), ['envelope', 'sagaId', 'sagaType', 'stepName', 'encounterId']);
    const reply = readJson(tree, 'schemas/pharmacy/ReconcileDischargeMedicationsReply.avsc');
    assert.deepEqual(names(reply), [...REPLY_HEADER_FIELDS]);
    for (const record of [command, reply])
      assert.ok(
        record.fields.every((f: { doc?: string }) => f.doc),
        `${record.name}: every field has a doc`,
      );

    assert.deepEqual(
      topics(tree).map((t) => t.name),
      [
        'clinical.encounter.v1',
        'workforce-sync.commands.v1',
        'pharmacy-dispense.commands.v1',
        'saga.replies.v1',
        'saga.lifecycle.v1',
      ],
    );
    const [, , commands, replies] = topics(tree);
    assert.deepEqual(
      [commands?.producers, commands?.consumers, commands?.records],
      [
        ['saga-orchestrator'],
        ['pharmacy-dispense'],
        ['health.meridian.pharmacy.ReconcileDischargeMedications'],
      ],
    );
    assert.deepEqual(replies?.producers, ['pharmacy-dispense', 'workforce-sync']);
    assert.deepEqual(replies?.records, [
      'health.meridian.pharmacy.ReconcileDischargeMedicationsReply',
    ]);

    const module = tree.read('services/pharmacy-dispense/src/app.module.ts', 'utf-8') ?? '';
    assert.match(module, /answers: Topics\.PharmacyDispenseCommandsV1,/);
    assert.match(module, /features: \[EncountersModule, ReconcileDischargeMedicationsModule\]/);
    const controller =
      tree.read(`${DIR}/reconcile-discharge-medications.controller.ts`, 'utf-8') ?? '';
    assert.match(
      controller,
      /@OnMessage\(Topics\.PharmacyDispenseCommandsV1, ReconcileDischargeMedications\)/,
    );
    assert.match(controller, /answerCommand\(ctx, command, ReconcileDischargeMedicationsReply,/);
    assert.ok(tree.exists(`${DIR}/reconcile-discharge-medications.module.ts`));
    const spec = tree.read(`${DIR}/reconcile-discharge-medications.int.spec.ts`, 'utf-8') ?? '';
    assert.match(spec, /consumes: topicsConsumedBy\('pharmacy-dispense'\)/);
  });

  test('run again with the same options, it changes nothing', async () => {
    const tree = workspace();
    await participantGenerator(tree, OPTIONS);
    await assertRerunChangesNothing(tree, participantGenerator, OPTIONS);
  });

  test('refuses a file of other content and a module answering another topic, naming the file', async () => {
    const tree = workspace();
    await participantGenerator(tree, OPTIONS);
    await assert.rejects(participantGenerator(tree, { ...OPTIONS, key: 'visitId' }), {
      message:
        'schemas/pharmacy/ReconcileDischargeMedications.avsc already exists (with other content); not overwriting it',
    });
    tree.write(
      'services/pharmacy-dispense/src/app.module.ts',
      PHARMACY_APP_MODULE.replace(
        'messaging: {',
        'messaging: { answers: Topics.PharmacyCommandsV1,',
      ),
    );
    await assert.rejects(participantGenerator(tree, { ...OPTIONS, command: 'ReturnMedications' }), {
      message:
        /^services\/pharmacy-dispense\/src\/app\.module\.ts: messaging\.answers is Topics\.PharmacyCommandsV1/,
    });
  });

  test('names the invalid option', async () => {
    const tree = workspace();
    for (const [options, option] of [
      [{ ...OPTIONS, service: 'Pharmacy' }, '--service'],
      [{ ...OPTIONS, service: 'pharmacy-stock' }, '--service'],
      [{ ...OPTIONS, saga: 'DischargeToRevenue' }, '--saga'],
      [{ ...OPTIONS, command: 'reconcile' }, '--command'],
      [{ ...OPTIONS, command: 'ReconcileReply' }, '--command'],
      [{ ...OPTIONS, key: 'encounter_id' }, '--key'],
    ] as const) {
      await assert.rejects(participantGenerator(tree, options), {
        message: new RegExp(`^${option}=`),
      });
    }
    await assert.rejects(participantGenerator(tree, { ...OPTIONS, saga: 'new-saga' }), {
      message: /^--key is required: no command in schemas\/ is a step of new-saga/,
    });
    assert.ok(await participantGenerator(tree, { ...OPTIONS, saga: 'new-saga', key: 'orderId' }));
  });
  test("types the key as the saga's commands do: a uuid key is sent as a uuid, never blank", async () => {
    const tree = workspace();
    const uuid = { type: 'string', logicalType: 'uuid' };
    tree.write(
      'schemas/supply/ConfirmImplantUsage.avsc',
      JSON.stringify({
        doc: 'implant-to-invoice step 1: confirm the usage.',
        fields: [
          ...['envelope', 'sagaId', 'sagaType', 'stepName'].map(field),
          { ...field('usageId'), type: uuid },
        ],
      }),
    );
    await participantGenerator(tree, {
      ...OPTIONS,
      saga: 'implant-to-invoice',
      command: 'ReserveImplant',
    });
    const command = readJson(tree, 'schemas/pharmacy/ReserveImplant.avsc');
    assert.deepEqual(command.fields.at(-1).type, uuid);
    const dir = 'services/pharmacy-dispense/src/reserve-implant';
    const spec = tree.read(`${dir}/reserve-implant.int.spec.ts`, 'utf-8') ?? '';
    assert.match(spec, /const usageId = randomUUID\(\);/);
    assert.doesNotMatch(spec, /rejects|uniqueName/);
    assert.doesNotMatch(
      tree.read(`${dir}/reserve-implant.controller.ts`, 'utf-8') ?? '',
      /CommandRejectedError\(/,
    );
    await assert.rejects(
      participantGenerator(tree, { ...OPTIONS, command: 'PlaceBed', key: 'location' }),
      {
        message:
          /^--key=location: the commands of discharge-to-revenue give it the type "health\.meridian\.clinical\.Location"; a business key is a string or uuid$/,
      },
    );
  });
});

describe('sagaKey', () => {
  test("is the own field most of the saga's commands share", () => {
    const step = (n: number, fields: string[]) => ({
      doc: `implant-to-invoice step ${n}: ...`,
      fields: ['envelope', 'sagaId', 'sagaType', 'stepName', ...fields].map(field),
    });
    const schemas = [
      step(1, ['usageId', 'udi']),
      step(2, ['usageId', 'encounterId']),
      step(5, ['invoiceId', 'poNumber']),
      {
        doc: 'Compensation of X: ...',
        fields: ['sagaType', 'compensatedCommandMessageId', 'poNumber'].map(field),
      },
      releaseBed,
    ];
    assert.equal(sagaKey('implant-to-invoice', schemas), 'usageId');
    assert.equal(sagaKey('discharge-to-revenue', schemas), 'encounterId');
    assert.equal(sagaKey('other-saga', schemas), undefined);
  });
});
