import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { encodeMllpFrame, newControlId, parseHl7 } from '@meridian/hl7';
import type { MllpClient } from '@meridian/hl7';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { ADMITTED_AT, adtMessage, DISCHARGED_AT, setField } from '../testing/adt-samples.js';
import { startTappedIngest } from '../testing/ingest-process.js';
import type { IngestProcess, TappedIngest } from '../testing/ingest-process.js';

/** A visit number no other test or engineer uses. */
const visitNumber = (): string => `V${randomBytes(5).toString('hex').toUpperCase()}`;

/** MSA-1, MSA-2 and each ERR as `ERR-2|ERR-3.1|ERR-8`. */
function ackOf(text: string): { code: string; controlId: string; errors: string[] } {
  const ack = parseHl7(text);
  return {
    code: ack.get('MSA-1'),
    controlId: ack.get('MSA-2'),
    errors: ack.segmentsOf('ERR').map((err) =>
      [
        err
          .field(2)[0]
          ?.map((c) => c[0])
          .join('^') ?? '',
        err.value(3),
        err.value(8),
      ].join('|'),
    ),
  };
}

interface StoredMessage {
  readonly status: string;
  readonly ackCode: string;
  readonly errorDetail: string | null;
  readonly eventIds: string[];
  readonly controlId: string;
}

describe('encounter-ingest over MLLP against the real stack', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;
  let suite: TappedIngest | undefined;
  let client: MllpClient;

  async function stored(query: string): Promise<StoredMessage[]> {
    const response = await ingest.service.fetch(`/messages?${query}`);
    assert.equal(response.status, 200);
    return ((await response.json()) as { items: StoredMessage[] }).items;
  }

  before(async () => {
    ({ ingest, tap } = suite = await startTappedIngest());
    client = await ingest.connect();
  });

  after(async () => {
    await client?.close();
    await suite?.stop();
  });

  test('acknowledges an A01 then an A03 with AA and publishes both events keyed by the facility-qualified encounter id', async () => {
    const visit = visitNumber();
    const [admitId, dischargeId] = [newControlId(), newControlId()];
    assert.deepEqual(ackOf(await client.send(adtMessage('A01', visit, admitId))), {
      code: 'AA',
      controlId: admitId,
      errors: [],
    });
    assert.equal(ackOf(await client.send(adtMessage('A03', visit, dischargeId))).code, 'AA');

    const [admitted, discharged] = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      [admitted?.record, discharged?.record],
      ['EncounterAdmitted', 'EncounterDischarged'],
    );
    const encounterId = `MGH:${visit}`;
    assert.deepEqual([admitted?.key, discharged?.key], [encounterId, encounterId]);
    const envelope = discharged?.value['envelope'] as {
      correlationId: string;
      source: string;
      messageId: string;
    };
    assert.equal(envelope.correlationId, encounterId);
    assert.equal(envelope.source, 'encounter-ingest');
    assert.deepEqual(
      { ...discharged?.value, envelope: undefined },
      {
        envelope: undefined,
        encounterId,
        visitNumber: visit,
        visitNumberAuthority: 'MGH',
        patientMrn: 'MRN00042',
        mrnAssigningAuthority: 'MGH',
        patientClass: 'INPATIENT',
        admittedAt: ADMITTED_AT.getTime(),
        dischargedAt: DISCHARGED_AT.getTime(),
        location: { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'A' },
        attendingProviderNpi: '1234567893',
        hospitalService: 'MED',
        dischargeDisposition: '01',
        diagnoses: [
          { icd10CmCode: 'I21.4', priority: 1, principal: true, diagnosisType: 'ADMITTING' },
          { icd10CmCode: 'E11.9', priority: 2, principal: false, diagnosisType: 'FINAL' },
        ],
        procedures: [
          {
            procedureId: 'PROC-1',
            code: '93005',
            codeSystem: 'CPT',
            performedAt: ADMITTED_AT.getTime(),
            surgeonNpi: null,
          },
          {
            procedureId: null,
            code: '71046',
            codeSystem: 'CPT',
            performedAt: DISCHARGED_AT.getTime(),
            surgeonNpi: null,
          },
        ],
        primaryPayerId: 'AETNA-HMO',
        primaryPlanId: 'AETNA-HMO-SILVER',
        sourceSystem: 'HL7V2',
        sourceControlId: dischargeId,
      },
    );
    const messages = await stored(`encounterId=MGH:${visit}`);
    assert.deepEqual(
      messages.map((m) => [m.controlId, m.status, m.ackCode]),
      [
        [dischargeId, 'PROCESSED', 'AA'],
        [admitId, 'PROCESSED', 'AA'],
      ],
    );
    assert.deepEqual(messages[0]?.eventIds, [envelope.messageId]);
  });

  test('answers a resent MSH-10 with the byte-identical ACK and publishes one event', async () => {
    const visit = visitNumber();
    const raw = adtMessage('A01', visit, newControlId());
    const first = await client.send(raw);
    const second = await client.send(raw);
    const other = await ingest.connect();
    const concurrent = await Promise.all([client.send(raw), other.send(raw)]);
    await other.close();
    assert.equal(second, first);
    assert.deepEqual(concurrent, [first, first]);
    // A later message of the same encounter (same partition) comes after any duplicate would.
    assert.equal(ackOf(await client.send(adtMessage('A08', visit, newControlId()))).code, 'AA');
    const events = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      events.map((e) => e.record),
      ['EncounterAdmitted', 'EncounterUpdated'],
    );
  });

  test('answers AE naming PID-3 for a message without an MRN, publishes nothing and stores it REJECTED', async () => {
    const visit = visitNumber();
    const controlId = newControlId();
    const raw = setField(adtMessage('A01', visit, controlId), 'PID', 3, undefined);
    assert.deepEqual(ackOf(await client.send(raw)), {
      code: 'AE',
      controlId,
      errors: ['PID^1^3|101|PID-3 is required'],
    });
    const sentinel = newControlId();
    assert.equal(ackOf(await client.send(adtMessage('A01', visit, sentinel))).code, 'AA');
    const events = await tap.waitFor(`MGH:${visit}`, 1);
    assert.deepEqual(
      events.map((e) => e.value['sourceControlId']),
      [sentinel],
    );
    const [message] = await stored(`controlId=${controlId}`);
    assert.deepEqual(
      [message?.status, message?.ackCode, message?.errorDetail, message?.eventIds],
      ['REJECTED', 'AE', 'PID-3 is required', []],
    );
    assert.equal((await stored(`status=REJECTED&encounterId=MGH:${visit}`)).length, 1);
  });

  test('answers AE naming PV1-45 for a discharge time that is not an HL7 timestamp', async () => {
    const controlId = newControlId();
    const raw = setField(
      adtMessage('A03', visitNumber(), controlId),
      'PV1',
      45,
      '21/11/2026 11:30',
    );
    assert.deepEqual(ackOf(await client.send(raw)), {
      code: 'AE',
      controlId,
      errors: ['PV1^1^45|102|PV1-45 is not a valid HL7 timestamp'],
    });
  });

  test('answers a frame cut short with AR and still answers the next frame on the connection', async () => {
    const [cutId, nextId] = [newControlId(), newControlId()];
    const frame = encodeMllpFrame(adtMessage('A01', visitNumber(), cutId));
    const cut = frame.subarray(0, frame.length - 60);
    const [truncated, next] = await client.exchange(
      [cut, encodeMllpFrame(adtMessage('A01', visitNumber(), nextId))],
      2,
      { pauseMs: 50 },
    );
    const refused = ackOf(truncated ?? '');
    assert.equal(refused.code, 'AR');
    assert.equal(refused.controlId, cutId);
    assert.match(refused.errors[0] ?? '', /^\|100\|the MLLP frame was cut short/);
    assert.deepEqual([ackOf(next ?? '').code, ackOf(next ?? '').controlId], ['AA', nextId]);
    assert.deepEqual(
      await stored(`controlId=${cutId}`),
      [],
      'a cut frame is not stored as the message',
    );
  });

  test('answers several messages written at once, in order', async () => {
    const ids = [newControlId(), newControlId(), newControlId()];
    const visit = visitNumber();
    const frames = Buffer.concat([
      encodeMllpFrame(adtMessage('A01', visit, ids[0] ?? '')),
      encodeMllpFrame(adtMessage('A02', visit, ids[1] ?? '')),
      encodeMllpFrame(adtMessage('A03', visit, ids[2] ?? '')),
    ]);
    const acks = (await client.exchange(frames, 3)).map(ackOf);
    assert.deepEqual(
      acks.map((a) => [a.code, a.controlId]),
      ids.map((id) => ['AA', id]),
    );
    const events = await tap.waitFor(`MGH:${visit}`, 3);
    assert.deepEqual(
      events.map((e) => e.record),
      ['EncounterAdmitted', 'EncounterTransferred', 'EncounterDischarged'],
    );
  });

  test('joins a message split over several writes, and drops bytes between frames', async () => {
    const controlId = newControlId();
    const frame = encodeMllpFrame(adtMessage('A04', visitNumber(), controlId));
    const chunks = [
      Buffer.from('\r\nnoise'),
      frame.subarray(0, 20),
      frame.subarray(20, 300),
      frame.subarray(300),
    ];
    const [ack] = await client.exchange(chunks, 1, { pauseMs: 50 });
    assert.deepEqual([ackOf(ack ?? '').code, ackOf(ack ?? '').controlId], ['AA', controlId]);
  });

  test('counts ACKs by event and code in /metrics', async () => {
    const metrics = await (await ingest.service.fetch('/metrics')).text();
    for (const series of [
      'event="A01",ack="AA"',
      'event="A01",ack="AE"',
      'event="A03",ack="AE"',
      'event="A01",ack="AR"',
    ]) {
      assert.match(metrics, new RegExp(`mllp_messages_total\\{${series}\\} [1-9]`), series);
    }
    assert.match(metrics, /mllp_message_duration_seconds_count\{event="A03",ack="AA"\} [1-9]/);
  });

  test('answers every frame already read before it stops on SIGTERM', async () => {
    const ids = Array.from({ length: 5 }, () => newControlId());
    const visit = visitNumber();
    const frames = Buffer.concat(ids.map((id) => encodeMllpFrame(adtMessage('A08', visit, id))));
    const late = await ingest.connect();
    const answers = late.exchange(frames, 5);
    await tap.waitFor(`MGH:${visit}`, 1);
    await ingest.service.stop();
    assert.deepEqual(
      (await answers).map((a) => ackOf(a).controlId),
      ids,
    );
    assert.match(ingest.service.process.output(), /"msg":"mllp stopped"/);
    await late.close();
  });
});
