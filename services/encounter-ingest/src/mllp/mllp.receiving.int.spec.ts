import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { encodeMllpFrame, Hl7Segment, newControlId, parseHl7 } from '@meridian/hl7';
import type { MllpClient } from '@meridian/hl7';
import { Topics } from '@meridian/contracts';
import { getInfra } from '@meridian/testing';
import { adtMessage, insertAfter, setField } from '../testing/adt-samples.js';
import { tapEncounterEvents } from '../testing/encounter-tap.js';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { startIngestProcess, startTappedIngest } from '../testing/ingest-process.js';
import type { IngestProcess, TappedIngest } from '../testing/ingest-process.js';

const visitNumber = (): string => `VR${randomBytes(5).toString('hex').toUpperCase()}`;

/** MSA-1, MSA-2 and each ERR as `ERR-2|ERR-3.1|ERR-8`. */
function ackOf(text: string): { code: string; controlId: string; errors: string[] } {
  const ack = parseHl7(text);
  const location = (err: Hl7Segment): string =>
    err
      .field(2)[0]
      ?.map((c) => c[0])
      .join('^') ?? '';
  return {
    code: ack.get('MSA-1'),
    controlId: ack.get('MSA-2'),
    errors: ack.segmentsOf('ERR').map((e) => [location(e), e.value(3), e.value(8)].join('|')),
  };
}

interface StoredMessage {
  readonly id: string;
  readonly status: string;
  readonly ackCode: string;
  readonly ignored: string[];
  readonly processingId: string | null;
  readonly eventIds: string[];
  readonly rawPayload?: string;
}

/** The message `ingest` stored under `controlId`, in full. */
async function stored(ingest: IngestProcess, controlId: string): Promise<StoredMessage> {
  const list = await ingest.service.fetch(`/messages?controlId=${encodeURIComponent(controlId)}`);
  const [item] = ((await list.json()) as { items: StoredMessage[] }).items;
  assert.ok(item, `message ${controlId} is stored`);
  const detail = await ingest.service.fetch(`/messages/${item.id}?include=rawPayload`);
  return (await detail.json()) as StoredMessage;
}

/** Resolves with what `promise` resolves to and how long it took, in ms. */
async function timed<T>(promise: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await promise;
  return { value, ms: performance.now() - started };
}

describe('encounter-ingest HL7 receiving rules over MLLP against the real stack', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;
  let suite: TappedIngest | undefined;
  let client: MllpClient;

  before(async () => {
    ({ ingest, tap } = suite = await startTappedIngest({ env: { HL7_STRICT_FACILITIES: 'BWH' } }));
    client = await ingest.connect();
  });

  after(async () => {
    await client?.close();
    await suite?.stop();
  });

  test('publishes CAFÉ from an ISO 8859-1 message intact and answers in ISO 8859-1', async () => {
    const [visit, controlId] = [visitNumber(), newControlId()];
    let raw = setField(adtMessage('A01', visit, controlId), 'MSH', 18, '8859/1');
    raw = setField(raw, 'PV1', 10, 'CAFÉ');
    raw = setField(raw, 'MSH', 3, 'ÉPIC');
    const [ack] = await client.exchangeBytes(encodeMllpFrame(Buffer.from(raw, 'latin1')), 1);
    assert.ok(ack?.includes(Buffer.from('|\xc9PIC|', 'latin1')), 'MSH-5 of the ACK in 8859/1');
    assert.equal(ackOf(ack.toString('latin1')).code, 'AA');
    assert.equal(parseHl7(ack.toString('latin1')).get('MSH-18'), '8859/1');
    const [event] = await tap.waitFor(`MGH:${visit}`, 1);
    assert.equal(event?.value['hospitalService'], 'CAFÉ');
  });

  test('answers AE naming the field for a NUL and keeps the message, bytes and all', async () => {
    const controlId = newControlId();
    const raw = adtMessage('A01', visitNumber(), controlId).replace('|DOE^JANE', '|DOE\0^JANE');
    assert.deepEqual(ackOf(await client.send(raw)), {
      code: 'AE',
      controlId,
      errors: [
        'PID^1^5|102|PID-5 contains a control character (only TAB and line breaks are allowed)',
      ],
    });
    const message = await stored(ingest, controlId);
    assert.equal(message.status, 'REJECTED');
    assert.equal(message.rawPayload, raw.replace('\0', '\u2400'));
    const again = await ingest.service.fetch(`/messages/${message.id}/reprocess`, {
      method: 'POST',
    });
    const reprocessed = (await again.json()) as StoredMessage;
    assert.deepEqual([reprocessed.status, reprocessed.ackCode], ['REJECTED', 'AE'], 'from bytes');
  });

  test('stores a message whose sender or control id holds a NUL, answering AE naming the field', async () => {
    const controlId = `${newControlId().slice(0, 10)}\0X`;
    const raw = adtMessage('A01', visitNumber(), controlId).replace('|EPIC|', '|EP\0IC|');
    const ack = ackOf(await client.send(raw));
    assert.deepEqual([ack.code, ack.controlId], ['AE', controlId]);
    assert.match(ack.errors[0] ?? '', /^MSH\^1\^10\|102\|MSH-10 contains a control character/);
    assert.equal((await stored(ingest, controlId.replace('\0', '\u2400'))).status, 'REJECTED');
  });

  test('ignores segments out of place and lists them in the message store', async () => {
    const controlId = newControlId();
    const raw = insertAfter(
      adtMessage('A02', visitNumber(), controlId),
      'PV1',
      Hl7Segment.of('IN1', ['1', 'PLAN', 'PAYER']),
      Hl7Segment.of('ZPV', ['local']),
    );
    assert.equal(ackOf(await client.send(raw)).code, 'AA');
    assert.deepEqual((await stored(ingest, controlId)).ignored, [
      'IN1 (segment 5)',
      'ZPV (segment 6)',
    ]);
    const strict = setField(raw, 'MSH', 4, 'BWH');
    const refused = ackOf(await client.send(setField(strict, 'MSH', 10, newControlId())));
    assert.equal(refused.code, 'AR', 'BWH is in HL7_STRICT_FACILITIES');
    assert.match(refused.errors[0] ?? '', /^IN1\^1\|100\|segment IN1 at position 5 is not allowed/);
  });

  test('answers a training message (MSH-11 T) with AR 202 naming MSH-11 by default', async () => {
    const raw = setField(adtMessage('A01', visitNumber(), newControlId()), 'MSH', 11, 'T');
    const { code, errors } = ackOf(await client.send(raw));
    assert.equal(code, 'AR');
    assert.match(errors[0] ?? '', /^MSH\^1\^11\|202\|MSH-11 is a non-production processing id/);
  });

  test('answers 100k DG1 segments with AR naming the limit within a second, answering others meanwhile', async () => {
    const controlId = newControlId();
    const big = adtMessage('A03', visitNumber(), controlId) + 'DG1|\r'.repeat(100_000);
    const other = await ingest.connect();
    const [refused, accepted] = await Promise.all([
      timed(client.send(big)),
      timed(other.send(adtMessage('A01', visitNumber(), newControlId()))),
    ]);
    await other.close();
    assert.ok(refused.ms < 1000, `answered in ${Math.round(refused.ms)} ms`);
    assert.deepEqual(ackOf(refused.value), {
      code: 'AR',
      controlId,
      errors: ['|100|the message has more than 5000 segments (limit HL7_MAX_SEGMENTS)'],
    });
    assert.equal(ackOf(accepted.value).code, 'AA');
    assert.ok(accepted.ms < 2000, `the other connection answered in ${Math.round(accepted.ms)} ms`);
  });

  test('answers a frame over HL7_MAX_FRAME_BYTES with AR without keeping it', async () => {
    const controlId = newControlId();
    const dg1 = 'DG1|1||I21.4^NSTEMI^I10||20261120|A\r'.repeat(100_000); // 3.6 MB
    const { value, ms } = await timed(
      client.send(adtMessage('A03', visitNumber(), controlId) + dg1),
    );
    assert.ok(ms < 1000, `answered in ${Math.round(ms)} ms`);
    assert.deepEqual(ackOf(value), {
      code: 'AR',
      controlId,
      errors: ['|100|the MLLP frame exceeds 1048576 bytes (limit HL7_MAX_FRAME_BYTES)'],
    });
  });

  test('answers a field of a million repetitions with AR naming the field and the limit, while scanning', async () => {
    const controlId = newControlId();
    const raw = setField(adtMessage('A01', visitNumber(), controlId), 'PID', 5, 'X').replace(
      '|X|',
      `|${'~'.repeat(1_000_000)}|`,
    );
    const { value, ms } = await timed(client.send(raw));
    assert.ok(ms < 1000, `answered in ${Math.round(ms)} ms`);
    assert.deepEqual(ackOf(value).errors, [
      'PID^1^5|100|PID-5 has more than 100 repetitions (limit HL7_MAX_REPETITIONS)',
    ]);
  });
});

describe('encounter-ingest with HL7_NON_PRODUCTION=publish over MLLP against the real stack', () => {
  let ingest: IngestProcess;
  let production: EncounterTap;
  let nonProduction: EncounterTap;
  let client: MllpClient;

  before(async () => {
    production = await tapEncounterEvents(getInfra());
    nonProduction = await tapEncounterEvents(getInfra(), Topics.ClinicalEncounterNonprodV1);
    ingest = await startIngestProcess({ env: { HL7_NON_PRODUCTION: 'publish' } });
    client = await ingest.connect();
  });

  after(async () => {
    await client?.close();
    await production?.stop();
    await nonProduction?.stop();
    await ingest?.service.stop();
  });

  test('publishes a training message (MSH-11 T) to clinical.encounter.nonprod.v1 only, answering AA', async () => {
    const visit = visitNumber();
    const [training, real] = [newControlId(), newControlId()];
    const raw = setField(adtMessage('A01', visit, training), 'MSH', 11, 'T');
    assert.deepEqual(ackOf(await client.send(raw)), {
      code: 'AA',
      controlId: training,
      errors: [],
    });
    // Then a P message of the same encounter: same key, so the same partition of
    // clinical.encounter.v1, behind the training event had it gone there.
    assert.equal(ackOf(await client.send(adtMessage('A08', visit, real))).code, 'AA');

    const [trained] = await nonProduction.waitFor(`MGH:${visit}`, 1);
    assert.deepEqual([trained?.record, trained?.key], ['EncounterAdmitted', `MGH:${visit}`]);
    assert.equal(trained?.value['sourceControlId'], training);
    const [first] = await production.waitFor(`MGH:${visit}`, 1);
    assert.deepEqual([first?.record, first?.key], ['EncounterUpdated', `MGH:${visit}`]);
    assert.equal(first?.value['sourceControlId'], real, 'the first on clinical.encounter.v1 is P');

    const message = await stored(ingest, training);
    assert.deepEqual(
      [message.status, message.ackCode, message.processingId],
      ['PROCESSED', 'AA', 'T'],
    );
    const envelope = trained?.value['envelope'] as { messageId?: unknown } | undefined;
    assert.deepEqual(message.eventIds, [envelope?.messageId]);
    assert.equal((await stored(ingest, real)).processingId, 'P');
  });

  test('publishes a debugging message (MSH-11 D) to the non-production topic and still refuses other ids', async () => {
    const visit = visitNumber();
    const debugging = newControlId();
    const raw = setField(adtMessage('A01', visit, debugging), 'MSH', 11, 'D');
    assert.equal(ackOf(await client.send(raw)).code, 'AA');
    const [event] = await nonProduction.waitFor(`MGH:${visit}`, 1);
    assert.equal(event?.value['sourceControlId'], debugging);
    assert.equal((await stored(ingest, debugging)).processingId, 'D');

    const unknown = setField(adtMessage('A01', visitNumber(), newControlId()), 'MSH', 11, 'X');
    const { code, errors } = ackOf(await client.send(unknown));
    assert.equal(code, 'AR');
    assert.match(errors[0] ?? '', /^MSH\^1\^11\|202\|MSH-11 is not a processing id/);
  });
});
