import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CapabilityStatement, Encounter, OperationOutcome } from '@medplum/fhirtypes';
import { Topics } from '@meridian/contracts';
import { roleToken } from '@meridian/testing';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { startTappedIngest } from '../testing/ingest-process.js';
import type { IngestProcess, TappedIngest } from '../testing/ingest-process.js';
import { EXAMPLE_ENCOUNTER, usCoreEncounter } from './fhir.examples.js';
import { fhirSend, newVisit } from './fhir-client.testing.js';
import type { FhirAnswer } from './fhir-client.testing.js';

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

describe('encounter-ingest FHIR Encounter against the real stack', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;
  let suite: TappedIngest | undefined;

  const send = (
    method: 'POST' | 'PUT',
    path: string,
    body: string,
    headers?: Record<string, string>,
  ): Promise<FhirAnswer> => fhirSend(ingest, method, path, body, headers);

  const post = (body: string, contentType = 'application/fhir+json'): Promise<FhirAnswer> =>
    send('POST', '/fhir/Encounter', body, { 'content-type': contentType });

  const put = (encounter: Encounter, headers?: Record<string, string>): Promise<FhirAnswer> =>
    send('PUT', `/fhir/Encounter/${encounter.id ?? ''}`, JSON.stringify(encounter), headers);

  before(async () => {
    ({ ingest, tap } = suite = await startTappedIngest());
  });

  after(() => suite?.stop());

  test('publishes EncounterAdmitted for in-progress, then EncounterDischarged for finished', async () => {
    const visit = newVisit();
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

    const events = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      events.map((e) => [e.record, e.key, e.value['visitNumber']]),
      [
        ['EncounterAdmitted', `MGH:${visit}`, visit],
        ['EncounterDischarged', `MGH:${visit}`, visit],
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
    const visit = newVisit();
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
    const events = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      events.map((e) => e.record),
      ['EncounterRegistered', 'EncounterAdmissionCancelled'],
    );
  });

  test('answers an Encounter it cannot map with 422 and an OperationOutcome naming each path', async () => {
    const visit = newVisit();
    const invalid = encounter(visit, '1', {
      period: { start: '2026-11-18T09:05:00-05:00' },
      subject: {},
    });
    const answer = await post(JSON.stringify(invalid));
    assert.equal(answer.status, 422, answer.text);
    assert.equal(answer.outcome.resourceType, 'OperationOutcome');
    assert.deepEqual(
      answer.outcome.issue?.map((i) => [i.severity, i.code, i.expression?.[0]]).sort(),
      [
        ['error', 'required', 'Encounter.period.end'],
        ['error', 'required', 'Encounter.subject'],
      ],
    );
    const stored = await ingest.service.fetch(
      `/messages?controlId=${encodeURIComponent(`Encounter/enc-${visit}/_history/1`)}`,
    );
    const [message] = ((await stored.json()) as { items: { status: string; protocol: string }[] })
      .items;
    assert.deepEqual([message?.protocol, message?.status], ['FHIR', 'REJECTED']);
  });

  test('answers malformed JSON, other media types and invalid R4 with 400/415 and an OperationOutcome', async () => {
    const malformed = await post('{"resourceType": "Encounter",');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.outcome.issue?.[0]?.code, 'structure');
    const xml = await post('<Encounter/>', 'application/fhir+xml');
    assert.equal(xml.status, 415);
    assert.equal(xml.outcome.issue?.[0]?.code, 'not-supported');
    const notEncounter = await post(JSON.stringify({ resourceType: 'Patient', id: randomUUID() }));
    assert.equal(notEncounter.status, 400);
    assert.deepEqual(notEncounter.outcome.issue?.[0]?.expression, ['Encounter.resourceType']);
    const visit = newVisit();
    const unreadable = await post(
      JSON.stringify(encounter(visit, '1', { period: { start: 'yesterday' } })),
    );
    assert.equal(unreadable.status, 400, unreadable.text);
    assert.deepEqual(
      unreadable.outcome.issue?.map((i) => [i.code, i.expression?.[0]]),
      [['structure', 'Encounter.period.start']],
    );
    assert.ok(!unreadable.text.includes('yesterday'), 'an issue never quotes the value');
  });

  test('a US Core Encounter sent in-progress then finished by PUT publishes Admitted then Discharged at 4W', async () => {
    const visit = newVisit();
    const admitted = await put(usCoreEncounter(visit, 'in-progress', '1'), {
      prefer: 'return=minimal',
    });
    assert.equal(admitted.status, 200, admitted.text);
    assert.equal(admitted.text, '');
    assert.equal(admitted.location, `/fhir/Encounter/enc-${visit}/_history/1`);
    const discharged = await put(usCoreEncounter(visit, 'finished', '2'), {
      prefer: 'return=representation',
    });
    assert.equal(discharged.status, 200, discharged.text);
    assert.equal((JSON.parse(discharged.text) as Encounter).status, 'finished');

    const events = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      events.map((e) => e.record),
      ['EncounterAdmitted', 'EncounterDischarged'],
    );
    for (const event of events) {
      assert.deepEqual(event.value['location'], {
        facilityId: 'MGH',
        unitId: '4W',
        roomId: '401',
        bedId: 'B',
      });
      assert.equal(event.value['attendingProviderNpi'], '1234567893');
    }
    const wrongUrl = await send(
      'PUT',
      `/fhir/Encounter/enc-${visit}`,
      JSON.stringify({ ...usCoreEncounter(visit, 'finished', '3'), id: 'enc-other' }),
    );
    assert.equal(wrongUrl.status, 400, wrongUrl.text);
    assert.deepEqual(wrongUrl.outcome.issue?.[0]?.expression, ['Encounter.id']);
  });

  test('takes writes from the interface role only: no token 401, another role 403, both as OperationOutcome', async () => {
    const visit = newVisit();
    const body = JSON.stringify(encounter(visit, '1', {}));
    const anonymous = await fetch(`${ingest.service.url}/fhir/Encounter`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body,
    });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="meridian"');
    assert.equal(anonymous.headers.get('content-type')?.split(';')[0], 'application/fhir+json');
    const unauthenticated = (await anonymous.json()) as OperationOutcome;
    assert.deepEqual(
      unauthenticated.issue?.map((i) => [i.severity, i.code]),
      [['error', 'login']],
    );
    assert.match(unauthenticated.issue?.[0]?.diagnostics ?? '', /no bearer token/);

    const coder = { authorization: `Bearer ${await roleToken('coder')}` };
    const forbidden = await put(encounter(visit, '1', {}), coder);
    assert.equal(forbidden.status, 403, forbidden.text);
    assert.deepEqual(
      forbidden.outcome.issue?.map((i) => [i.code, i.diagnostics]),
      [['forbidden', 'this call takes one of the roles interface; the token carries coder']],
    );

    const audit = await ingest.service.tap(Topics.AuditV1.name);
    const engine = { authorization: `Bearer ${await roleToken('interface')}` };
    const written = await send('POST', '/fhir/Encounter', body, engine);
    assert.equal(written.status, 201, written.text);
    // Audited under the encounter id the write resolved (not a path parameter).
    const [record] = await audit.waitFor((m) => m.value['businessKey'] === `MGH:${visit}`);
    assert.deepEqual(
      [record?.value['action'], record?.value['role'], record?.value['outcome']],
      ['POST /fhir/Encounter', 'interface', 'SUCCEEDED'],
    );
  });

  test('answers GET /fhir/metadata with its CapabilityStatement, to anyone', async () => {
    const response = await fetch(`${ingest.service.url}/fhir/metadata`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/fhir+json');
    const statement = (await response.json()) as CapabilityStatement;
    assert.deepEqual(
      [
        statement.resourceType,
        statement.fhirVersion,
        statement.kind,
        statement.format,
        statement.software?.name,
      ],
      ['CapabilityStatement', '4.0.1', 'instance', ['json'], 'Meridian encounter-ingest'],
    );
    const [rest] = statement.rest ?? [];
    assert.equal(rest?.mode, 'server');
    assert.deepEqual(
      rest?.resource?.[0]?.interaction?.map((i) => i.code),
      ['create', 'update'],
    );
    assert.deepEqual(
      rest?.interaction?.map((i) => i.code),
      ['transaction', 'batch'],
    );
    assert.match(rest?.documentation ?? '', /subscription-notification/);
  });

  test('documents the endpoint and the roles of its routes in the OpenAPI document', async () => {
    const document = (await (await ingest.service.fetch('/docs/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<string, unknown>;
            tags?: string[];
            security?: unknown;
            'x-meridian-roles'?: string[];
          }
        >
      >;
    };
    const operation = document.paths['/fhir/Encounter']?.['post'];
    assert.deepEqual(Object.keys(operation?.responses ?? {}).sort(), [
      '200',
      '201',
      '400',
      '401',
      '403',
      '413',
      '415',
      '422',
      '503',
    ]);
    assert.deepEqual(operation?.security, [{ oidc: ['interface'] }]);
    assert.equal(document.paths['/fhir/metadata']?.['get']?.security, undefined);
    assert.deepEqual(
      [
        document.paths['/messages/{id}']?.['get']?.['x-meridian-roles'],
        document.paths['/messages/{id}/reprocess']?.['post']?.['x-meridian-roles'],
      ],
      [['sre-operator', 'phi-reader'], ['sre-operator']],
    );
    for (const [path, method] of [
      ['/fhir/Encounter/{id}', 'put'],
      ['/fhir', 'post'],
      ['/fhir/subscription-notification', 'post'],
      ['/fhir/metadata', 'get'],
    ] as const)
      assert.deepEqual(document.paths[path]?.[method]?.tags, ['fhir'], `${method} ${path}`);
    assert.deepEqual(operation?.tags, ['fhir']);
    for (const path of ['/messages', '/messages/{id}', '/messages/{id}/reprocess'])
      assert.ok(document.paths[path], path);
  });
});
