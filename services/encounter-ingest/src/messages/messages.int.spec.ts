import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { newControlId, parseHl7 } from '@meridian/hl7';
import { adtMessage, setField } from '../testing/adt-samples.js';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { startIngestWithoutKafka, startTappedIngest } from '../testing/ingest-process.js';
import type { IngestProcess, TappedIngest } from '../testing/ingest-process.js';

interface Message {
  readonly id: string;
  readonly protocol: string;
  readonly controlId: string | null;
  readonly encounterId: string | null;
  readonly status: string;
  readonly attempts: number;
  readonly ackCode: string | null;
  readonly ackText?: string | null;
  readonly errorDetail: string | null;
  readonly eventIds: string[];
  readonly rawPayload?: string;
}

const visitNumber = (): string => `VM${randomBytes(5).toString('hex').toUpperCase()}`;

describe('encounter-ingest message store API against the real stack', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;
  let suite: TappedIngest | undefined;

  const json = <T>(path: string, init?: RequestInit, status = 200): Promise<T> =>
    ingest.json<T>(path, init, status);

  const reprocess = <T>(id: string, status = 200): Promise<T> =>
    json<T>(`/messages/${id}/reprocess`, { method: 'POST' }, status);

  const sendHl7 = (process: IngestProcess, raw: string): Promise<string> => process.sendOne(raw);

  async function byControlId(controlId: string): Promise<Message> {
    const { items } = await json<{ items: Message[] }>(`/messages?controlId=${controlId}`);
    assert.equal(items.length, 1);
    return items[0] as Message;
  }

  before(async () => {
    ({ ingest, tap } = suite = await startTappedIngest());
  });

  after(() => suite?.stop());

  test('shows one message with its ACK, its raw payload only with include=rawPayload, and lists without the payload', async () => {
    const controlId = newControlId();
    const raw = adtMessage('A01', visitNumber(), controlId);
    const ack = await sendHl7(ingest, raw);
    const listed = await byControlId(controlId);
    assert.equal(listed.rawPayload, undefined);
    assert.equal(listed.ackText, undefined);
    const summary = await json<Message>(`/messages/${listed.id}`);
    assert.equal('rawPayload' in summary, false);
    assert.equal(summary.ackText, ack);
    const detail = await json<Message>(`/messages/${listed.id}?include=rawPayload`);
    assert.equal(detail.rawPayload, raw);
    assert.equal(detail.ackText, ack);
    assert.deepEqual(
      [detail.protocol, detail.status, detail.ackCode, detail.attempts],
      ['HL7V2', 'PROCESSED', 'AA', 1],
    );
  });

  test('lists newest first, narrowed by status and encounter, at most limit', async () => {
    const visit = visitNumber();
    const ids = [newControlId(), newControlId(), newControlId()];
    await sendHl7(ingest, adtMessage('A01', visit, ids[0] ?? ''));
    await sendHl7(ingest, setField(adtMessage('A08', visit, ids[1] ?? ''), 'PV1', 2, 'Z'));
    await sendHl7(ingest, adtMessage('A03', visit, ids[2] ?? ''));
    const all = await json<{ items: Message[] }>(`/messages?encounterId=MGH:${visit}`);
    assert.deepEqual(
      all.items.map((m) => m.controlId),
      [...ids].reverse(),
    );
    const rejected = await json<{ items: Message[] }>(
      `/messages?encounterId=MGH:${visit}&status=REJECTED`,
    );
    assert.deepEqual(
      rejected.items.map((m) => [m.controlId, m.errorDetail]),
      [[ids[1], 'PV1-2 is not a patient class of HL7 table 0004']],
    );
    const newest = await json<{ items: Message[] }>(`/messages?encounterId=MGH:${visit}&limit=1`);
    assert.deepEqual(
      newest.items.map((m) => m.controlId),
      [ids[2]],
    );
  });

  test('answers 400 naming bad parameters, 404 for an unknown id', async () => {
    const problem = await json<{ errors: { field: string }[] }>(
      '/messages?status=DONE&limit=0&page=2',
      undefined,
      400,
    );
    assert.deepEqual(problem.errors.map((e) => e.field).sort(), ['limit', 'page', 'status']);
    const bad = await json<{ errors: { field: string }[] }>('/messages/42', undefined, 400);
    assert.deepEqual(
      bad.errors.map((e) => e.field),
      ['id'],
    );
    await json(`/messages/${randomUUID()}`, undefined, 404);
    await reprocess(randomUUID(), 404);
  });

  test('refuses to reprocess a PROCESSED message with 409 and reprocesses a REJECTED one', async () => {
    const visit = visitNumber();
    const [goodId, badId] = [newControlId(), newControlId()];
    await sendHl7(ingest, adtMessage('A01', visit, goodId));
    await sendHl7(ingest, setField(adtMessage('A03', visit, badId), 'PID', 3, undefined));
    const processed = await byControlId(goodId);
    const conflict = await reprocess<{ type: string }>(processed.id, 409);
    assert.equal(conflict.type, 'urn:meridian:problem:already-processed');

    const rejected = await byControlId(badId);
    const again = await reprocess<Message>(rejected.id);
    assert.deepEqual(
      [again.status, again.attempts, again.errorDetail],
      ['REJECTED', 2, 'PID-3 is required'],
    );
    assert.equal(parseHl7(again.ackText ?? '').get('MSA-2'), badId);
    // A later message of the encounter (same partition) comes after anything the reprocess published.
    await sendHl7(ingest, adtMessage('A08', visit, newControlId()));
    const events = await tap.waitFor(`MGH:${visit}`, 2);
    assert.deepEqual(
      events.map((e) => e.record),
      ['EncounterAdmitted', 'EncounterUpdated'],
    );
  });

  test('stores messages Kafka did not take as FAILED (AE 207); a resend or a reprocess publishes them', async () => {
    const down = await startIngestWithoutKafka(ingest.service.database);
    const [resendVisit, reprocessVisit] = [visitNumber(), visitNumber()];
    const resend = adtMessage('A01', resendVisit, newControlId());
    const toReprocess = adtMessage('A01', reprocessVisit, newControlId());
    try {
      for (const raw of [resend, toReprocess]) {
        const failed = parseHl7(await down.sendOne(raw));
        assert.deepEqual(
          [failed.get('MSA-1'), failed.get('ERR-3'), failed.get('MSA-2')],
          ['AE', '207', parseHl7(raw).controlId],
        );
      }
    } finally {
      await down.stop();
    }
    const failed = await byControlId(parseHl7(toReprocess).controlId);
    assert.deepEqual([failed.status, failed.ackCode, failed.eventIds], ['FAILED', 'AE', []]);

    const resent = parseHl7(await sendHl7(ingest, resend));
    assert.equal(resent.get('MSA-1'), 'AA', 'a FAILED message is processed again when resent');
    assert.equal((await tap.waitFor(`MGH:${resendVisit}`, 1))[0]?.record, 'EncounterAdmitted');

    const reprocessed = await reprocess<Message>(failed.id);
    assert.deepEqual(
      [reprocessed.status, reprocessed.ackCode, reprocessed.attempts],
      ['PROCESSED', 'AA', 2],
    );
    const [event] = await tap.waitFor(`MGH:${reprocessVisit}`, 1);
    assert.deepEqual(reprocessed.eventIds, [
      (event?.value['envelope'] as { messageId: string }).messageId,
    ]);
    assert.equal(
      await sendHl7(ingest, toReprocess),
      reprocessed.ackText,
      'the resend gets the new ACK',
    );
  });
});
