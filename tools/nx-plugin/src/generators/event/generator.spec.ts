// The event generator on a virtual tree: the record, the topic, the producer's AppModule and the
// round-trip test; the same options again change nothing; refusals name the option or the file.
// The acceptance test (generators.int.spec.ts) builds, lints and runs what it writes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Tree } from '@nx/devkit';
import { readJson } from '@nx/devkit';
import { assertRerunChangesNothing, pharmacyWorkspace } from '../../shared/testing.ts';
import { resolveEvent } from './event.ts';
import eventGenerator from './generator.ts';

interface Topic {
  readonly name: string;
  readonly key?: string;
  readonly producers?: readonly string[];
  readonly records?: readonly string[];
}

/** A workspace with the pharmacy-dispense service and two topics. */
function workspace(): Tree {
  const tree = pharmacyWorkspace(['type:service', 'scope:pharmacy']);
  tree.write(
    'schemas/topics.json',
    JSON.stringify({
      topics: [
        {
          name: 'clinical.encounter.v1',
          key: 'encounterId: in order.',
          producers: ['ingest'],
          consumers: [],
          records: [],
        },
        { name: 'saga.replies.v1', key: 'sagaId', producers: [], consumers: [], records: [] },
      ],
    }),
  );
  return tree;
}

const topics = (tree: Tree): Topic[] =>
  readJson<{ topics: Topic[] }>(tree, 'schemas/topics.json').topics;
const OPTIONS = { domain: 'pharmacy', name: 'MedicationDispensed', topic: 'pharmacy.dispense.v1' };

describe('event generator', () => {
  test('writes the record with the envelope, the topic with its producer, the AppModule and the round trip', async () => {
    const tree = workspace();
    assert.ok(await eventGenerator(tree, OPTIONS), 'a regeneration callback');

    const record = readJson(tree, 'schemas/pharmacy/MedicationDispensed.avsc');
    assert.equal(record.namespace, 'health.meridian.pharmacy');
    assert.deepEqual(
      record.fields.map((f: { name: string; type: unknown }) => [f.name, f.type]),
      [
        ['envelope', 'health.meridian.common.Envelope'],
        ['dispenseId', 'string'],
      ],
    );
    assert.ok(
      record.fields.every((f: { doc?: string }) => f.doc),
      'every field has a doc',
    );

    assert.deepEqual(
      topics(tree).map((t) => t.name),
      ['clinical.encounter.v1', 'pharmacy.dispense.v1', 'saga.replies.v1'],
    );
    const topic = topics(tree)[1];
    assert.deepEqual(topic?.producers, ['pharmacy-dispense']);
    assert.deepEqual(topic?.records, ['health.meridian.pharmacy.MedicationDispensed']);
    assert.match(topic?.key ?? '', /^dispenseId: /);

    assert.match(
      tree.read('services/pharmacy-dispense/src/app.module.ts', 'utf-8') ?? '',
      /produces: allRecords\(Topics\.PharmacyDispenseV1\)/,
    );
    const spec =
      tree.read('libs/messaging/src/serde/round-trip/MedicationDispensed.spec.ts', 'utf-8') ?? '';
    assert.match(spec, /const sample: MedicationDispensed = \{/);
    assert.match(spec, /Topics\.PharmacyDispenseV1\.records/);
  });

  test('run again with the same options, it changes nothing', async () => {
    const tree = workspace();
    await eventGenerator(tree, OPTIONS);
    await assertRerunChangesNothing(tree, eventGenerator, OPTIONS);
  });

  test('adds a second record to its domain topic, and refuses another key or an existing file of other content', async () => {
    const tree = workspace();
    await eventGenerator(tree, OPTIONS);
    await eventGenerator(tree, { ...OPTIONS, name: 'MedicationReturned' });
    assert.deepEqual(topics(tree)[1]?.records, [
      'health.meridian.pharmacy.MedicationDispensed',
      'health.meridian.pharmacy.MedicationReturned',
    ]);
    await assert.rejects(
      eventGenerator(tree, { ...OPTIONS, name: 'MedicationWasted', key: 'lotNumber' }),
      {
        message: '--key=lotNumber: schemas/topics.json keys pharmacy.dispense.v1 by dispenseId',
      },
    );
    await assert.rejects(eventGenerator(tree, { ...OPTIONS, topic: 'pharmacy.dispense.v2' }), {
      message:
        /^schemas\/topics\.json: health\.meridian\.pharmacy\.MedicationDispensed is already a message of pharmacy\.dispense\.v1/,
    });
    tree.write(
      'schemas/pharmacy/MedicationWasted.avsc',
      '{"type": "record", "name": "MedicationWasted"}',
    );
    await assert.rejects(eventGenerator(tree, { ...OPTIONS, name: 'MedicationWasted' }), {
      message:
        'schemas/pharmacy/MedicationWasted.avsc already exists (with other content); not overwriting it',
    });
  });

  test('names the invalid option', async () => {
    const tree = workspace();
    for (const [options, option] of [
      [{ ...OPTIONS, domain: 'Pharmacy' }, '--domain'],
      [{ ...OPTIONS, name: 'medicationDispensed' }, '--name'],
      [{ ...OPTIONS, topic: 'supply.dispense.v1' }, '--topic'],
      [{ ...OPTIONS, topic: 'pharmacy.dispense' }, '--topic'],
      [{ ...OPTIONS, key: 'Dispense-Id' }, '--key'],
      [{ ...OPTIONS, producer: 'Pharmacy' }, '--producer'],
      [{ ...OPTIONS, producer: 'pharmacy-stock' }, '--producer'],
    ] as const) {
      await assert.rejects(eventGenerator(tree, options), { message: new RegExp(`^${option}=`) });
    }
    assert.deepEqual(
      tree.listChanges().filter((c) => c.path.endsWith('.avsc')),
      [],
    );
  });
});

describe('resolveEvent', () => {
  test('takes the producer from the one service of the domain, else requires --producer', () => {
    assert.equal(
      resolveEvent(OPTIONS, ['pharmacy-dispense'], undefined).producer,
      'pharmacy-dispense',
    );
    assert.throws(
      () => resolveEvent(OPTIONS, [], undefined),
      /^Error: --producer is required: no service is tagged scope:pharmacy$/,
    );
    assert.throws(
      () => resolveEvent(OPTIONS, ['a', 'b'], undefined),
      /^Error: --producer is required: a, b are all tagged/,
    );
    assert.equal(resolveEvent({ ...OPTIONS, producer: 'b' }, ['a', 'b'], undefined).producer, 'b');
  });

  test("keys a new topic by its aggregate's id, an existing one by the field its key names", () => {
    const purchaseOrder = { ...OPTIONS, domain: 'p2p', topic: 'p2p.purchase-order.v1' };
    assert.equal(resolveEvent(purchaseOrder, ['procure-to-pay'], undefined).key, 'purchaseOrderId');
    const existing = {
      name: 'p2p.purchase-order.v1',
      key: 'poNumber: the events of one PO stay in order.',
    };
    assert.equal(resolveEvent(purchaseOrder, ['procure-to-pay'], existing).key, 'poNumber');
    const prose = { name: 'p2p.purchase-order.v1', key: 'The business key.' };
    assert.throws(
      () => resolveEvent(purchaseOrder, ['procure-to-pay'], prose),
      /^Error: --key is required/,
    );
    const byKey = { ...purchaseOrder, key: 'poNumber' };
    assert.equal(resolveEvent(byKey, ['procure-to-pay'], prose).key, 'poNumber');
  });
});
