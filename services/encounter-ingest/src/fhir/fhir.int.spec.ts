import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Encounter, OperationOutcome } from '@medplum/fhirtypes';
import { getInfra } from '@meridian/testing';
import { tapEncounterEvents } from '../testing/encounter-tap.js';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { startIngestProcess } from '../testing/ingest-process.js';
import type { IngestProcess } from '../testing/ingest-process.js';
import { EXAMPLE_ENCOUNTER } from './fhir.examples.js';

/** The example Encounter as a new visit, version `version`, with `changes`. */
function encounter(visit: string, version: string, changes: Partial<Encounter>): Encounter {
  return {
    ...EXAMPLE_ENCOUNTER,
    id: `enc-${visit}`,
    meta: { versionId: version, source: 'urn:test:fhir' },
    identifier: [{ type: { coding: [{ code: 'VN' }] }, value: visit }],
    ...changes,
  };
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly outcome: OperationOutcome;
  readonly text: string;
}

describe('encounter-ingest FHIR Encounter against the real stack', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;

  async function post(body: string, contentType = 'application/fhir+json'): Promise<Answer> {
    const response = await ingest.http('/fhir/Encounter', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      outcome: JSON.parse(text) as OperationOutcome,
      text,
    };
  }

  before(async () => {
    tap = await tapEncounterEvents(getInfra());
    ingest = await startIngestProcess();
  });

  after(async () => {
    await tap?.stop();
    await ingest?.service.stop();
    await ingest?.database.drop();
  });

  test('publishes EncounterAdmitted for in-progress, then EncounterDischarged for finished', async () => {
    const visit = `VF${randomBytes(5).toString('hex').toUpperCase()}`;
    const admitted = await post(
      JSON.stringify(
        encounter(visit, '1', {
          status: 'in-progress',
          period: { start: '2026-11-18T09:05:00-05:00' },
          hospitalization: {},
        }),
      ),
    );
    assert.equal(admitted.status, 201, admitted.text);
    assert.equal(admitted.contentType?.split(';')[0], 'application/fhir+json');
    const discharged = await post(JSON.stringify(encounter(visit, '2', {})), 'application/json');
    assert.equal(discharged.status, 201, discharged.text);

    const events = await tap.waitFor(visit, 2);
    assert.deepEqual(
      events.map((e) => [e.record, e.key]),
      [
        ['EncounterAdmitted', visit],
        ['EncounterDischarged', visit],
      ],
    );
    const value = events[1]?.value ?? {};
    assert.equal(value['sourceSystem'], 'FHIR');
    assert.equal(value['sourceControlId'], `Encounter/enc-${visit}/_history/2`);
    assert.equal(value['dischargedAt'], Date.parse('2026-11-21T11:30:00-05:00'));
    assert.equal(value['primaryPayerId'], 'BCBS-PPO');
    assert.deepEqual(value['location'], {
      facilityId: 'MGH',
      unitId: '4W',
      roomId: '401',
      bedId: 'A',
    });
    const published = discharged.outcome.issue?.[0]?.details?.coding?.[0];
    assert.equal(published?.display, 'EncounterDischarged');
    assert.equal(published?.code, (value['envelope'] as { messageId: string }).messageId);
  });

  test('answers a repeated version with 200 and the same outcome, publishing nothing again', async () => {
    const visit = `VF${randomBytes(5).toString('hex').toUpperCase()}`;
    const body = JSON.stringify(
      encounter(visit, '1', { status: 'planned', period: {}, hospitalization: {} }),
    );
    const first = await post(body);
    const again = await post(body);
    assert.deepEqual([first.status, again.status], [201, 200]);
    assert.equal(again.text, first.text);
    assert.equal(
      (await post(JSON.stringify(encounter(visit, '2', { status: 'cancelled' })))).status,
      201,
    );
    const events = await tap.waitFor(visit, 2);
    assert.deepEqual(
      events.map((e) => e.record),
      ['EncounterRegistered', 'EncounterAdmissionCancelled'],
    );
  });

  test('answers an invalid Encounter with 400 and an OperationOutcome naming each path', async () => {
    const visit = `VF${randomBytes(5).toString('hex').toUpperCase()}`;
    const invalid = encounter(visit, '1', {
      period: { start: '2026-11-18T09:05:00-05:00' },
      subject: {},
    });
    const answer = await post(JSON.stringify(invalid));
    assert.equal(answer.status, 400, answer.text);
    assert.equal(answer.outcome.resourceType, 'OperationOutcome');
    assert.deepEqual(
      answer.outcome.issue?.map((i) => [i.severity, i.code, i.expression?.[0]]).sort(),
      [
        ['error', 'required', 'Encounter.period.end'],
        ['error', 'required', 'Encounter.subject'],
      ],
    );
    const stored = await ingest.http(
      `/messages?controlId=${encodeURIComponent(`Encounter/enc-${visit}/_history/1`)}`,
    );
    const [message] = ((await stored.json()) as { items: { status: string; protocol: string }[] })
      .items;
    assert.deepEqual([message?.protocol, message?.status], ['FHIR', 'REJECTED']);
  });

  test('answers malformed JSON and other media types with an OperationOutcome', async () => {
    const malformed = await post('{"resourceType": "Encounter",');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.outcome.issue?.[0]?.code, 'structure');
    const xml = await post('<Encounter/>', 'application/fhir+xml');
    assert.equal(xml.status, 415);
    assert.equal(xml.outcome.issue?.[0]?.code, 'not-supported');
    const notEncounter = await post(JSON.stringify({ resourceType: 'Patient', id: randomUUID() }));
    assert.equal(notEncounter.status, 400);
    assert.deepEqual(notEncounter.outcome.issue?.[0]?.expression, ['Encounter.resourceType']);
  });

  test('documents the endpoint in the OpenAPI document', async () => {
    const document = (await (await ingest.http('/docs/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, unknown>; tags?: string[] }>
      >;
    };
    const operation = document.paths['/fhir/Encounter']?.['post'];
    assert.deepEqual(Object.keys(operation?.responses ?? {}).sort(), [
      '200',
      '201',
      '400',
      '413',
      '415',
      '503',
    ]);
    assert.deepEqual(operation?.tags, ['fhir']);
    for (const path of ['/messages', '/messages/{id}', '/messages/{id}/reprocess'])
      assert.ok(document.paths[path], path);
  });
});
