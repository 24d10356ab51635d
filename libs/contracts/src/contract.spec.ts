import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  RecordContract,
  RecordOf,
  TopicContract,
  TopicRecord,
  TopicRecordContract,
} from './contract.js';
import { subjectFor, topicConstName } from './contract.js';

interface Admitted {
  readonly encounterId: string;
}
interface Discharged {
  readonly encounterId: string;
  readonly dischargedAt: Date;
}
interface Used {
  readonly serial: string;
}

const Admitted: RecordContract<Admitted, 'health.meridian.clinical.Admitted'> = {
  fullName: 'health.meridian.clinical.Admitted',
  schema: { type: 'record', name: 'Admitted', fields: [] },
};
const Discharged: RecordContract<Discharged, 'health.meridian.clinical.Discharged'> = {
  fullName: 'health.meridian.clinical.Discharged',
  schema: { type: 'record', name: 'Discharged', fields: [] },
};
const Used: RecordContract<Used, 'health.meridian.supply.Used'> = {
  fullName: 'health.meridian.supply.Used',
  schema: { type: 'record', name: 'Used', fields: [] },
};
const Encounter = {
  name: 'clinical.encounter.v1',
  partitions: 6,
  key: 'encounterId',
  records: [Admitted, Discharged],
} as const satisfies TopicContract<Admitted | Discharged>;

/** Compiles only when A and B are the same type. */
type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): Equal<A, B> => proof;

describe('subjectFor', () => {
  test('names the subject <topic>-<record full name> (TopicRecordNameStrategy)', () => {
    assert.equal(
      subjectFor(Encounter, Discharged),
      'clinical.encounter.v1-health.meridian.clinical.Discharged',
    );
    assert.equal(
      subjectFor(Encounter, Admitted),
      'clinical.encounter.v1-health.meridian.clinical.Admitted',
    );
  });

  test('refuses a record the topic does not carry', () => {
    const loose: TopicContract<unknown> = Encounter;
    assert.throws(
      () => subjectFor(loose, Used),
      /topic clinical\.encounter\.v1 does not carry record health\.meridian\.supply\.Used/,
    );
  });

  test('accepts only the records of the topic at compile time', () => {
    // @ts-expect-error Used is not carried by the encounter topic.
    assert.throws(() => subjectFor(Encounter, Used));
  });
});

describe('topicConstName', () => {
  test('names a topic in PascalCase from its dotted and hyphenated parts', () => {
    assert.equal(topicConstName('clinical.encounter.v1'), 'ClinicalEncounterV1');
    assert.equal(topicConstName('p2p.purchase-order.v1'), 'P2pPurchaseOrderV1');
    assert.equal(topicConstName('workforce-sync.commands.v1'), 'WorkforceSyncCommandsV1');
  });
});

describe('contract types', () => {
  test('RecordOf gives the value type of a record contract', () => {
    assert.equal(same<RecordOf<typeof Discharged>, Discharged>(true), true);
  });

  test('TopicRecord is the union of the value types a topic carries', () => {
    assert.equal(same<TopicRecord<typeof Encounter>, Admitted | Discharged>(true), true);
  });

  test('TopicRecordContract is the union of the record contracts a topic carries', () => {
    assert.equal(
      same<TopicRecordContract<typeof Encounter>, typeof Admitted | typeof Discharged>(true),
      true,
    );
  });

  test('records of the same shape stay different contracts through their full names', () => {
    const Copy: RecordContract<Admitted, 'health.meridian.clinical.Copy'> = {
      ...Admitted,
      fullName: 'health.meridian.clinical.Copy',
    };
    // @ts-expect-error Copy has the shape of Admitted but another full name.
    const wrong: TopicRecordContract<typeof Encounter> = Copy;
    assert.notEqual(wrong.fullName, Admitted.fullName);
  });
});
