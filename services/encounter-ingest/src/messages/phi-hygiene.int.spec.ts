import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildAdtMessage, newControlId, parseHl7 } from '@meridian/hl7';
import { findMarkers, startSpanCollector } from '@meridian/telemetry/testing';
import type { SpanCollector } from '@meridian/telemetry/testing';
import { until } from '@meridian/testing';
import { EXAMPLE_ENCOUNTER } from '../fhir/fhir.examples.js';
import { adtInput, setField } from '../testing/adt-samples.js';
import { startIngestProcess } from '../testing/ingest-process.js';
import type { IngestProcess } from '../testing/ingest-process.js';

const tag = randomBytes(4).toString('hex').toUpperCase();
/** A test patient no log line or span may name: MRN, family and given name, date of birth. */
const PATIENT = {
  mrn: `ZZMRN${tag}`,
  family: `ZZFAMILY${tag}`,
  given: `ZZGIVEN${tag}`,
  birthDate: '19310217',
};
const MARKERS = [PATIENT.mrn, PATIENT.family, PATIENT.given, PATIENT.birthDate, '1931-02-17'];

/** An ADT message of the test patient; `visit` and `controlId` fresh. */
function admission(controlId: string): string {
  const visit = `VP${randomBytes(5).toString('hex').toUpperCase()}`;
  const raw = buildAdtMessage({ ...adtInput('A01', visit, controlId), mrn: PATIENT.mrn });
  return setField(
    setField(raw, 'PID', 5, `${PATIENT.family}^${PATIENT.given}`),
    'PID',
    7,
    PATIENT.birthDate,
  );
}

describe('encounter-ingest keeps a patient out of its logs and spans, against the real stack', () => {
  let collector: SpanCollector;
  let ingest: IngestProcess;

  before(async () => {
    collector = await startSpanCollector();
    ingest = await startIngestProcess({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
  });

  after(async () => {
    await ingest?.service.stop();
    await collector?.close();
  });

  test('HL7 accepted, rejected and resent, FHIR accepted and refused, message store reads: no marker in the output or the exported spans', async () => {
    const client = await ingest.connect();
    const accepted = newControlId();
    const rejected = newControlId();
    try {
      const ack = await client.send(admission(accepted));
      assert.equal(parseHl7(ack).get('MSA-1'), 'AA', ack);
      assert.equal(await client.send(admission(accepted)), ack, 'a resend');
      const bad = setField(admission(rejected), 'PV1', 44, `${PATIENT.family}-not-a-time`);
      assert.equal(parseHl7(await client.send(bad)).get('MSA-1'), 'AE');
    } finally {
      await client.close();
    }
    const encounter = {
      ...EXAMPLE_ENCOUNTER,
      id: `ZZ${tag}`,
      subject: { identifier: { value: PATIENT.mrn }, display: PATIENT.family },
    };
    const fhir = (body: string) =>
      ingest.service.fetch('/fhir/Encounter', {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body,
      });
    assert.equal((await fhir(JSON.stringify(encounter))).status, 201);
    const broken = await fhir(`{"resourceType":"Encounter","subject":"${PATIENT.family}`);
    assert.equal(broken.status, 400);
    const search = await ingest.service.fetch(
      `/messages?controlId=${accepted}&encounterId=${PATIENT.mrn}`,
    );
    assert.equal(search.status, 200);
    const { items } = (await (
      await ingest.service.fetch(`/messages?controlId=${accepted}`)
    ).json()) as { items: { id: string }[] };
    const detail = await ingest.service.fetch(`/messages/${items[0]?.id}?include=rawPayload`);
    assert.match(await detail.text(), new RegExp(PATIENT.family), 'the payload is stored');

    await until('the spans of the MLLP messages and HTTP requests are exported', () =>
      Promise.resolve((collector.spanNames().get('encounter-ingest') ?? []).length >= 8),
    );
    const hits = findMarkers(
      {
        'encounter-ingest output': ingest.service.process.output(),
        spans: collector.bodies().join('\n'),
      },
      MARKERS,
    );
    assert.deepEqual(hits, []);
  });
});
