import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Bundle, BundleEntry, Encounter } from '@medplum/fhirtypes';
import { bundlePath, selfContained } from './fhir-bundle-references.js';
import { planBundle, Refusal } from './fhir-bundle.js';
import type { BundlePlan, EncounterWrite } from './fhir-bundle.js';
import { EXAMPLE_ENCOUNTER, EXAMPLE_TRANSACTION } from './fhir.examples.js';
import { PHYSICAL_TYPE_SYSTEM } from './fhir-location.js';
import { planNotification } from './fhir-subscription.js';
import type { JsonObject } from './fhir-values.js';

const BED = 'urn:uuid:0d6c1a2e-4b7f-4f7e-9a54-0c1f3b2a9e01';

function transaction(entries: BundleEntry[], type: Bundle['type'] = 'transaction'): string {
  return JSON.stringify({ resourceType: 'Bundle', type, entry: entries });
}

function planned(raw: string): BundlePlan {
  const plan = planBundle(raw);
  assert.ok(!(plan instanceof Refusal), JSON.stringify(plan));
  return plan;
}

function refusedWith(raw: string): { status: number; expressions: string[] } {
  const plan = planBundle(raw);
  assert.ok(plan instanceof Refusal, 'the Bundle should be refused');
  return {
    status: plan.status,
    expressions: (plan.outcome.issue ?? []).map((i) => i.expression?.[0] ?? '-'),
  };
}

const put = (resource: Encounter): BundleEntry => ({
  resource,
  request: { method: 'PUT', url: `Encounter/${resource.id ?? ''}` },
});

describe('batch and transaction Bundles', () => {
  test('plans POST and PUT of Encounters and reads other resources only for references', () => {
    const plan = planned(JSON.stringify(EXAMPLE_TRANSACTION));
    assert.equal(plan.type, 'transaction');
    assert.deepEqual(
      plan.entries.map((e) => [e.kind, e.index]),
      [
        ['encounter', 0],
        ['referenced', 1],
      ],
    );
    const write = plan.entries[0] as EncounterWrite;
    const encounter = JSON.parse(write.raw) as Encounter;
    const bed = encounter.contained?.find(
      (r) => r.resourceType === 'Location' && r.id === 'entry1',
    );
    assert.ok(bed, 'the bed entry is brought in as a contained Location');
    assert.equal(encounter.location?.[0]?.location?.reference, '#entry1');
  });

  test('brings in what an entry references through another (bed -> room), once, with ids of its own', () => {
    const room = 'urn:uuid:0d6c1a2e-4b7f-4f7e-9a54-0c1f3b2a9e02';
    const others = [
      {
        index: 1,
        fullUrl: BED,
        resource: { resourceType: 'Location', id: 'dx1', partOf: { reference: room } },
      },
      {
        index: 2,
        fullUrl: room,
        resource: { resourceType: 'Location', id: 'room', meta: { versionId: '4' } },
      },
    ];
    const encounter = {
      ...EXAMPLE_ENCOUNTER,
      location: [{ location: { reference: BED } }, { location: { reference: BED } }],
    } as unknown as JsonObject;
    const { encounter: contained, origins } = selfContained(encounter, others);
    const all = contained['contained'] as JsonObject[];
    const added = all.slice((EXAMPLE_ENCOUNTER.contained ?? []).length);
    assert.deepEqual(
      added.map((r) => [r['id'], r['partOf'], r['meta']]),
      [
        ['dx1-2', { reference: '#room-2' }, undefined],
        ['room-2', undefined, {}],
      ],
    );
    const base = (EXAMPLE_ENCOUNTER.contained ?? []).length;
    assert.deepEqual(
      [...origins],
      [
        [base, 1],
        [base + 1, 2],
      ],
    );
    assert.equal(
      bundlePath(`Encounter.contained[${base + 1}].name`, 0, origins),
      'Bundle.entry[2].resource.name',
    );
    assert.equal(
      bundlePath('Encounter.period.end', 3, origins),
      'Bundle.entry[3].resource.period.end',
    );
  });

  test('refuses entries it cannot carry out, each with its status and path', () => {
    const plan = planned(
      transaction(
        [
          { request: { method: 'GET', url: 'Encounter/1' } },
          {
            request: { method: 'PUT', url: 'Encounter/other' },
            resource: { ...EXAMPLE_ENCOUNTER },
          },
          {
            request: { method: 'POST', url: 'Encounter?identifier=V1' },
            resource: { ...EXAMPLE_ENCOUNTER },
          },
          { request: { method: 'POST', url: 'Encounter' } },
          { request: { method: 'POST', url: 'Patient' }, resource: { id: 'p1' } as Encounter },
        ],
        'batch',
      ),
    );
    assert.deepEqual(
      plan.entries.map((e) =>
        e.kind === 'refused' ? [e.status, e.outcome.issue?.[0]?.expression?.[0]] : [e.kind],
      ),
      [
        [405, 'Bundle.entry[0].request.method'],
        [400, 'Bundle.entry[1].request.url'],
        [400, 'Bundle.entry[2].request.url'],
        [400, 'Bundle.entry[3].resource'],
        [400, 'Bundle.entry[4].resource.resourceType'],
      ],
    );
  });

  test('refuses a transaction that updates one Encounter twice (R4: identities SHALL NOT overlap)', () => {
    const encounter = { ...EXAMPLE_ENCOUNTER, status: 'in-progress' as const };
    assert.deepEqual(refusedWith(transaction([put(encounter), put(EXAMPLE_ENCOUNTER)])), {
      status: 400,
      expressions: ['Bundle.entry[1].request.url'],
    });
    assert.equal(
      planned(transaction([put(encounter), put(EXAMPLE_ENCOUNTER)], 'batch')).entries.length,
      2,
    );
  });

  test('refuses what is not a valid R4 batch or transaction Bundle as a whole', () => {
    assert.deepEqual(refusedWith('{"resourceType":'), { status: 400, expressions: ['-'] });
    assert.deepEqual(refusedWith(JSON.stringify(EXAMPLE_ENCOUNTER)), {
      status: 400,
      expressions: ['Bundle.resourceType'],
    });
    assert.deepEqual(refusedWith(transaction([], 'collection')), {
      status: 400,
      expressions: ['Bundle.type'],
    });
    const invalid = { ...EXAMPLE_ENCOUNTER, period: { start: 'today' } };
    assert.deepEqual(
      refusedWith(transaction([put(EXAMPLE_ENCOUNTER), put({ ...invalid, id: 'x' })])),
      {
        status: 400,
        expressions: ['Bundle.entry[1].resource.period.start'],
      },
    );
  });
});

describe('subscription notifications (R4 backport)', () => {
  /** A history entry: R4 requires request and response (bdl-3, bdl-4). */
  const notified = (entry: BundleEntry): BundleEntry => ({
    ...entry,
    request: { method: 'PUT', url: 'Encounter/enc-000123' },
    response: { status: '200' },
  });

  function notification(type: string, entries: BundleEntry[] = []): string {
    const status = {
      resourceType: 'Parameters',
      parameter: [
        {
          name: 'subscription',
          valueReference: { reference: 'https://ehr.example.org/fhir/Subscription/adt' },
        },
        { name: 'type', valueCode: type },
      ],
    };
    const statusEntry = {
      resource: status,
      request: { method: 'GET', url: 'https://ehr.example.org/fhir/Subscription/adt/$status' },
      response: { status: '200' },
    };
    return JSON.stringify({
      resourceType: 'Bundle',
      type: 'history',
      entry: [statusEntry, ...entries.map(notified)],
    });
  }

  test('reads the notification type from the SubscriptionStatus Parameters', () => {
    for (const type of ['handshake', 'heartbeat'])
      assert.deepEqual(planNotification(notification(type, [{ resource: EXAMPLE_ENCOUNTER }])), {
        type,
        entries: [],
      });
  });

  test('processes the Encounters of an event-notification as updates, resolving other entries', () => {
    const bed = {
      resourceType: 'Location' as const,
      identifier: [{ value: '4W^401^B' }],
      physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'bd' }] },
    };
    const encounter = { ...EXAMPLE_ENCOUNTER, location: [{ location: { reference: BED } }] };
    const plan = planNotification(
      notification('event-notification', [
        { resource: encounter },
        { fullUrl: BED, resource: bed },
        { fullUrl: 'Encounter/1' },
      ]),
    );
    assert.ok(!(plan instanceof Refusal));
    assert.deepEqual(
      plan.entries.map((e) => [
        e.kind,
        e.index,
        e.kind === 'encounter' ? e.method : e.kind === 'refused' ? e.status : '',
      ]),
      [
        ['encounter', 1, 'PUT'],
        ['referenced', 2, ''],
        ['refused', 3, 422],
      ],
    );
  });

  test('refuses a Bundle that is not a notification', () => {
    const batch = planNotification(transaction([], 'batch'));
    assert.ok(batch instanceof Refusal);
    assert.equal(batch.outcome.issue?.[0]?.expression?.[0], 'Bundle.type');
    const unknown = planNotification(notification('ping'));
    assert.ok(unknown instanceof Refusal);
    assert.equal(
      unknown.outcome.issue?.[0]?.expression?.[0],
      'Bundle.entry[0].resource.parameter[1].value',
    );
  });
});
