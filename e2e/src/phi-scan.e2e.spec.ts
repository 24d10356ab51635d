// The platform-wide PHI scan (issue 15): a marker patient goes through the whole platform (HL7
// A01 then A03 over MLLP to a completed discharge-to-revenue saga, a FHIR Encounter with a
// contained Patient, a message rejected for a field quoting the patient, query strings carrying
// the MRN), then every output line of every service and every span they exported is scanned for
// the patient's name, MRN, date of birth, address and phone: there must be none.
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Encounter, Patient } from '@medplum/fhirtypes';
import { findMarkers, startSpanCollector, type SpanCollector } from '@meridian/telemetry/testing';
import { builtServices, planStay, stayMessage, withField, type Stay } from '@meridian/testing';
import { fhirEncounter } from './fhir-encounter.js';
import {
  DISCHARGE_SERVICES,
  DISCHARGE_STEPS,
  startE2e,
  waiting,
  type E2e,
} from './platform.fixture.js';

const tag = randomBytes(4).toString('hex').toUpperCase();
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The marker patient: distinctive values no log line or span may hold, in any form. */
const PATIENT = {
  mrn: `ZZMRN${tag}`,
  family: `ZZFAMILY${tag}`,
  given: `ZZGIVEN${tag}`,
  /** YYYYMMDD, 1901-1930. */
  birthDate: `19${pad(randomInt(1, 31), 2)}${pad(randomInt(1, 13), 2)}${pad(randomInt(1, 29), 2)}`,
  street: `${randomInt(100, 1000)} ZZSTREET${tag} AVE`,
  phone: `617-${pad(randomInt(200, 1000), 3)}-${pad(randomInt(0, 10_000), 4)}`,
};
const BIRTH_DATE_ISO = `${PATIENT.birthDate.slice(0, 4)}-${PATIENT.birthDate.slice(4, 6)}-${PATIENT.birthDate.slice(6)}`;
const MARKERS = [
  PATIENT.mrn,
  PATIENT.family,
  PATIENT.given,
  PATIENT.birthDate,
  BIRTH_DATE_ISO,
  `ZZSTREET${tag}`,
  PATIENT.phone,
];

/**
 * What discharge-to-revenue touches, and observability when it runs (it consumes the saga's
 * lifecycle events): each must have exported spans.
 */
const SAGA_SERVICES = [
  ...DISCHARGE_SERVICES,
  ...(builtServices().includes('observability') ? ['observability'] : []),
].sort();

/** An ADT message of the stay naming the marker patient in PID-5, -7, -11 and -13. */
function markerMessage(event: 'A01' | 'A03', stay: Stay, controlId: string): string {
  let message = stayMessage(event, stay, {
    controlId,
    patient: {
      family: PATIENT.family,
      given: PATIENT.given,
      birthDate: PATIENT.birthDate,
      sex: 'F',
    },
  });
  message = withField(message, 'PID', 11, `${PATIENT.street}^^BOSTON^MA^02114^USA^H`);
  message = withField(message, 'PID', 13, `${PATIENT.phone}^PRN^PH`);
  return message;
}

/** The stay's FHIR Encounter whose subject is a contained Patient: the marker patient. */
function markerEncounter(
  stay: Stay,
  status: 'in-progress' | 'finished',
  version: string,
): Encounter {
  const encounter = fhirEncounter(stay, status, version);
  const patient: Patient = {
    resourceType: 'Patient',
    id: 'patient',
    identifier: [
      {
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
        value: stay.mrn,
        assigner: { display: stay.facilityId },
      },
    ],
    name: [{ family: PATIENT.family, given: [PATIENT.given] }],
    birthDate: BIRTH_DATE_ISO,
    gender: 'female',
    address: [{ line: [PATIENT.street], city: 'BOSTON', state: 'MA', postalCode: '02114' }],
    telecom: [{ system: 'phone', value: PATIENT.phone, use: 'home' }],
  };
  return {
    ...encounter,
    subject: { reference: '#patient' },
    contained: [patient, ...(encounter.contained ?? [])],
  };
}

describe('no PHI in any log line or span of the whole platform', () => {
  const output = new Map<string, string[]>();
  let collector: SpanCollector;
  let e: E2e;
  before(async () => {
    collector = await startSpanCollector();
    const tracing = {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // The most an operator can log: no level may write the patient.
      LOG_LEVEL: 'trace',
    };
    e = await startE2e(
      'e2ephi',
      Object.fromEntries(builtServices().map((name) => [name, tracing])),
      (service, line) => output.set(service, [...(output.get(service) ?? []), line]),
    );
  });
  after(async () => {
    await e?.stop();
    await collector?.close();
  });

  const stayIn = (label: string, roomId: string): Stay =>
    planStay({
      visitNumber: e.visit(label),
      mrn: PATIENT.mrn,
      location: { unitId: '4W', roomId, bedId: 'A', facilityId: 'MGH' },
      principalDiagnosis: true,
    });

  /** HL7: a rejected A01 quoting the patient (and its resend), the A01, the A03, the saga. */
  async function overMllp(): Promise<string> {
    const stay = stayIn('PHL', '411');
    const rejectedId = `R${tag}`;
    const bad = withField(
      markerMessage('A01', stay, rejectedId),
      'PV1',
      44,
      `${PATIENT.family}-${PATIENT.birthDate}`,
    );
    const rejected = await e.send(bad);
    assert.equal(rejected.code, 'AE', `a bad PV1-44 is refused: ${rejected.ack}`);
    assert.equal((await e.send(bad)).code, 'AE', 'its resend gets the same answer');
    const admit = await e.send(markerMessage('A01', stay, `A${tag}`));
    assert.equal(admit.code, 'AA', admit.ack);
    await e.waitForBed('MGH', '4W', '411', 'A', 'OCCUPIED');
    const discharge = await e.send(markerMessage('A03', stay, `D${tag}`));
    assert.equal(discharge.code, 'AA', discharge.ack);
    const saga = await e.waitForSaga(stay.encounterId, 'COMPLETED', 60_000);
    return saga.id;
  }

  /** FHIR: the Encounter in progress then finished, a refused write quoting the patient, the saga. */
  async function overFhir(): Promise<string> {
    const stay = stayIn('PHF', '412');
    const path = `/fhir/Encounter/${markerEncounter(stay, 'in-progress', '1').id}`;
    const put = (body: unknown) => e.put('encounter-ingest', path, body, 'application/fhir+json');
    assert.equal((await put(markerEncounter(stay, 'in-progress', '1'))).status, 200);
    await e.waitForBed('MGH', '4W', '412', 'A', 'OCCUPIED');
    const refused = await put(
      `{"resourceType":"Encounter","subject":{"display":"${PATIENT.family} ${PATIENT.given}"`,
    );
    assert.equal(refused.status, 400, 'a broken body is refused');
    const invalid = markerEncounter(stay, 'in-progress', '2');
    const unreadable = await put({
      ...invalid,
      period: { start: `${PATIENT.family}T${BIRTH_DATE_ISO}` },
    });
    assert.equal(unreadable.status, 400, 'a period.start that is no dateTime is refused');
    assert.match(JSON.stringify(unreadable.body), /period\.start/, 'naming the element');
    assert.equal((await put(markerEncounter(stay, 'finished', '3'))).status, 200);
    const saga = await e.waitForSaga(stay.encounterId, 'COMPLETED', 60_000);
    return saga.id;
  }

  /** Searches carrying the MRN in their query string: answered, and one refused for it. */
  async function searches(): Promise<void> {
    const mrn = encodeURIComponent(PATIENT.mrn);
    const found = await e.get<{ items: unknown[] }>(
      'encounter-ingest',
      `/messages?encounterId=${mrn}`,
    );
    assert.deepEqual(found.items, [], 'an MRN is not an encounter id');
    const unknown = await e.fetch('encounter-ingest', `/messages?mrn=${mrn}`);
    assert.equal(unknown.status, 400, 'an unknown parameter is refused');
    assert.match(await unknown.text(), /mrn/, 'naming the parameter');
    const sagas = await e.get<{ items: unknown[] }>(
      'saga-orchestrator',
      `/sagas?type=discharge-to-revenue&businessKey=${mrn}`,
    );
    assert.deepEqual(sagas.items, []);
    assert.deepEqual(await e.claims(PATIENT.mrn), []);
  }

  /** The stored A01 as a PHI reader sees it: what the patient's markers look like when present. */
  async function storedAdmission(): Promise<string> {
    const { items } = await e.get<{ items: { id: string }[] }>(
      'encounter-ingest',
      `/messages?controlId=A${tag}`,
    );
    assert.equal(items.length, 1, 'the A01 is stored');
    const response = await e.fetch(
      'encounter-ingest',
      `/messages/${items[0]?.id}?include=rawPayload`,
    );
    assert.equal(response.status, 200);
    return response.text();
  }

  test('a marker patient through MLLP, FHIR, a rejection and searches: 0 occurrences in every service output and every exported span', async () => {
    const sagaIds = await Promise.all([overMllp(), overFhir()]);
    await searches();
    const stored = findMarkers({ stored: await storedAdmission() }, MARKERS);

    // Both sagas' last replies and the searches' and the PHI read's server spans reach the
    // collector; every service the sagas touched exported spans.
    const spanCount = (service: string, name: string): number =>
      (collector.spanNames().get(service) ?? []).filter((n) => n === name).length;
    await waiting(
      () =>
        `spans of ${SAGA_SERVICES.join(', ')} (seen: ${[...collector.spanNames()]
          .map(([s, names]) => `${s} ${names.length}`)
          .join(', ')})`,
      () =>
        Promise.resolve(
          SAGA_SERVICES.every((s) => (collector.spanNames().get(s) ?? []).length > 0) &&
            spanCount('saga-orchestrator', 'saga discharge-to-revenue reply PostRevenueJournal') >=
              sagaIds.length &&
            spanCount('revenue-cycle', 'GET /claims') >= 1 &&
            spanCount('encounter-ingest', 'GET /messages') >= 3 &&
            spanCount('encounter-ingest', 'GET /messages/:id') >= 1,
        ),
      30_000,
    );
    for (const [step, participant] of DISCHARGE_STEPS) {
      assert.ok(
        spanCount(participant, 'send saga.replies.v1') >= sagaIds.length,
        `${participant} answered ${step} in both sagas`,
      );
    }

    const sources: Record<string, string> = { spans: collector.bodies().join('\n') };
    for (const [service, lines] of output) sources[`${service} output`] = lines.join('\n');
    for (const service of SAGA_SERVICES) {
      assert.ok((output.get(service) ?? []).length > 0, `${service}'s output is captured`);
    }
    // The scan looks where the traffic was logged and traced, for values as the platform got them.
    for (const controlId of [`R${tag}`, `A${tag}`, `D${tag}`]) {
      assert.match(
        sources['encounter-ingest output'] ?? '',
        new RegExp(`"controlId":"${controlId}"`),
        `encounter-ingest logged message ${controlId}`,
      );
      assert.ok(sources['spans']?.includes(controlId), `a span names message ${controlId}`);
    }
    assert.deepEqual(
      [...new Set(stored.map((h) => h.marker))].sort(),
      MARKERS.filter((m) => m !== BIRTH_DATE_ISO).sort(),
      'the scan finds every marker of the A01 in its stored raw payload',
    );

    const hits = findMarkers(sources, MARKERS);
    assert.equal(
      hits.length,
      0,
      `PHI found ${hits.length} times:\n${hits
        .map((h) => `- ${h.source}: ${h.marker} (${h.form}): …${h.excerpt}…`)
        .join('\n')}`,
    );
  });
});
