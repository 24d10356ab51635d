import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Bundle, BundleEntry, Encounter } from '@medplum/fhirtypes';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { startTappedIngest } from '../testing/ingest-process.js';
import type { IngestProcess, TappedIngest } from '../testing/ingest-process.js';
import { usCoreEncounter } from './fhir.examples.js';
import { encounterEntry as entry, fhirSend, newVisit } from './fhir-client.testing.js';
import type { FhirAnswer } from './fhir-client.testing.js';

describe('encounter-ingest FHIR Bundles and subscription notifications against the real stack', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;
  let suite: TappedIngest | undefined;

  const send = (method: 'POST' | 'PUT', path: string, body: string): Promise<FhirAnswer> =>
    fhirSend(ingest, method, path, body);

  const put = (encounter: Encounter): Promise<FhirAnswer> =>
    send('PUT', `/fhir/Encounter/${encounter.id ?? ''}`, JSON.stringify(encounter));

  before(async () => {
    ({ ingest, tap } = suite = await startTappedIngest());
  });

  after(() => suite?.stop());

  test('the same pair in a transaction Bundle publishes the same, its bed a urn:uuid entry', async () => {
    const visit = newVisit();
    const bedUrl = `urn:uuid:${randomUUID()}`;
    const viaBundle = (status: 'in-progress' | 'finished', version: string): Encounter => {
      const encounter = usCoreEncounter(visit, status, version);
      return {
        ...encounter,
        location: [{ status: 'active', location: { reference: bedUrl } }],
        contained: encounter.contained?.filter((r) => r.resourceType !== 'Location'),
      };
    };
    const bed = usCoreEncounter(visit, 'finished', '2').contained?.find((r) => r.id === 'bed');
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        entry('PUT', viaBundle('finished', '2')),
        entry('POST', viaBundle('in-progress', '1')),
        {
          fullUrl: bedUrl,
          resource: { ...bed, partOf: undefined } as BundleEntry['resource'],
          request: { method: 'POST', url: 'Location' },
        },
      ],
    };
    const answer = await send('POST', '/fhir', JSON.stringify(bundle));
    assert.equal(answer.status, 200, answer.text);
    const response = JSON.parse(answer.text) as Bundle;
    assert.equal(response.type, 'transaction-response');
    assert.deepEqual(
      response.entry?.map((e) => e.response?.status),
      ['200 OK', '201 Created', '200 OK'],
    );
    const events = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      events.map((e) => [e.record, (e.value['location'] as { unitId: string }).unitId]),
      [
        ['EncounterAdmitted', '4W'],
        ['EncounterDischarged', '4W'],
      ],
    );
  });

  test('a transaction with one invalid entry is refused whole and publishes nothing', async () => {
    const visit = newVisit();
    const unmappable = {
      ...usCoreEncounter(visit, 'finished', '2'),
      location: [{ location: { display: '4W 401 B' } }],
    };
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [entry('POST', usCoreEncounter(visit, 'in-progress', '1')), entry('PUT', unmappable)],
    };
    const answer = await send('POST', '/fhir', JSON.stringify(bundle));
    assert.equal(answer.status, 422, answer.text);
    assert.deepEqual(
      answer.outcome.issue?.map((i) => i.expression?.[0]),
      ['Bundle.entry[1].resource.location[0].location'],
    );
    // Nothing of the refused Bundle precedes the next event of this encounter (same partition).
    const planned = { ...usCoreEncounter(visit, 'in-progress', '9'), status: 'planned' as const };
    assert.equal((await put(planned)).status, 200);
    const [first] = await tap.waitFor(`MGH:${visit}`, 1);
    assert.equal(first?.record, 'EncounterRegistered');
  });

  test('acknowledges a subscription handshake and processes the Encounters of an event-notification', async () => {
    const visit = newVisit();
    const notification = (type: string, entries: BundleEntry[] = []): string =>
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'history',
        entry: [
          {
            resource: {
              resourceType: 'Parameters',
              parameter: [
                {
                  name: 'subscription',
                  valueReference: { reference: 'https://ehr.example.org/fhir/Subscription/adt' },
                },
                { name: 'type', valueCode: type },
              ],
            },
            request: {
              method: 'GET',
              url: 'https://ehr.example.org/fhir/Subscription/adt/$status',
            },
            response: { status: '200' },
          },
          ...entries.map((e) => ({ ...e, response: { status: '200' } })),
        ],
      });
    const handshake = await send(
      'POST',
      '/fhir/subscription-notification',
      notification('handshake'),
    );
    assert.equal(handshake.status, 200, handshake.text);
    const event = await send(
      'POST',
      '/fhir/subscription-notification',
      notification('event-notification', [
        entry('PUT', usCoreEncounter(visit, 'in-progress', '1')),
      ]),
    );
    assert.equal(event.status, 200, event.text);
    const [admitted] = await tap.waitFor(`MGH:${visit}`, 1);
    assert.equal(admitted?.record, 'EncounterAdmitted');
  });
});
