import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { newControlId, parseHl7 } from '@meridian/hl7';
import { until } from '@meridian/testing';
import { adtMessage, setField } from '../testing/adt-samples.js';
import { startIngestProcess } from '../testing/ingest-process.js';
import type { IngestProcess } from '../testing/ingest-process.js';

interface Message {
  readonly id: string;
  readonly status: string;
  readonly attempts: number;
  readonly ackText: string | null;
  readonly payloadPurgedAt: string | null;
  readonly rawPayload?: string | null;
}

const visitNumber = (): string => `VR${randomBytes(5).toString('hex').toUpperCase()}`;

/** A patient name (PID-5) no log line may hold. */
const MARKER = `MARKER${randomBytes(4).toString('hex').toUpperCase()}`;
const withMarker = (raw: string): string => setField(raw, 'PID', 5, `${MARKER}^JANE`);

describe('encounter-ingest purges raw payloads after MESSAGE_RETENTION_DAYS, against the real stack', () => {
  let ingest: IngestProcess;

  const json = <T>(path: string, init?: RequestInit, status = 200): Promise<T> =>
    ingest.json<T>(path, init, status);
  const send = (raw: string): Promise<string> => ingest.sendOne(raw);

  async function stored(controlId: string): Promise<Message> {
    const { items } = await json<{ items: Message[] }>(`/messages?controlId=${controlId}`);
    assert.equal(items.length, 1, controlId);
    return json<Message>(`/messages/${items[0]?.id}?include=rawPayload`);
  }

  /** Moves the messages' reception `days` into the past, as if they had been received then. */
  async function age(controlIds: readonly string[], days: number): Promise<void> {
    const client = new pg.Client({ connectionString: ingest.service.database.url });
    await client.connect();
    try {
      await client.query(
        `UPDATE inbound_message SET received_at = now() - make_interval(days => $2)
          WHERE control_id = ANY($1)`,
        [controlIds, days],
      );
    } finally {
      await client.end();
    }
  }

  before(async () => {
    ingest = await startIngestProcess({
      env: {
        MESSAGE_RETENTION_DAYS: '2',
        MESSAGE_PURGE_INTERVAL_MS: '1000',
        MESSAGE_PURGE_BATCH_SIZE: '2',
      },
    });
  });

  after(() => ingest?.service.stop());

  test('purges the payloads received before the retention, in batches, keeps the newer ones and the rows, and logs counts only', async () => {
    const visit = visitNumber();
    const [admitted, rejected, updated, younger, recent] = [1, 2, 3, 4, 5].map(() =>
      newControlId(),
    ) as [string, string, string, string, string];
    const raws = new Map(
      [
        [admitted, adtMessage('A01', visit, admitted)],
        [rejected, setField(adtMessage('A03', visit, rejected), 'PID', 3, undefined)],
        [updated, adtMessage('A08', visit, updated)],
        [younger, adtMessage('A08', visit, younger)],
        [recent, adtMessage('A08', visit, recent)],
      ].map(([controlId, raw]) => [controlId ?? '', withMarker(raw ?? '')]),
    );
    const acks = new Map<string, string>();
    for (const [controlId, raw] of raws) acks.set(controlId, await send(raw));
    assert.equal((await stored(admitted)).rawPayload, raws.get(admitted));
    assert.match(raws.get(admitted) ?? '', new RegExp(MARKER));

    await age([admitted, rejected, updated], 3);
    await age([younger], 1);
    await until('the three old payloads are purged', async () => {
      const messages = await Promise.all([admitted, rejected, updated].map(stored));
      return messages.every((m) => m.rawPayload === null && m.payloadPurgedAt !== null);
    });

    for (const controlId of [younger, recent]) {
      const kept = await stored(controlId);
      assert.equal(kept.rawPayload, raws.get(controlId), controlId);
      assert.equal(kept.payloadPurgedAt, null);
    }
    const purged = await stored(admitted);
    assert.deepEqual([purged.status, purged.attempts], ['PROCESSED', 1]);
    assert.equal(purged.ackText, acks.get(admitted), 'the row and its answer stay');
    assert.equal('rawPayload' in (await json<Message>(`/messages/${purged.id}`)), false);

    const metrics = await (await ingest.service.fetch('/metrics')).text();
    assert.match(metrics, /^inbound_message_payloads_purged_total 3$/m);
    const lines = ingest.service.process
      .output()
      .split('\n')
      .filter((line) => line.includes('raw payloads of old messages purged'))
      .map((line) => JSON.parse(line) as { purged: number; retentionDays: number });
    assert.equal(
      lines.reduce((sum, line) => sum + line.purged, 0),
      3,
    );
    assert.ok(lines.every((line) => line.retentionDays === 2));
    assert.doesNotMatch(
      ingest.service.process.output(),
      new RegExp(MARKER),
      'no payload is logged',
    );
  });

  test('answers the resend of a purged message with the ACK given, and refuses to reprocess it (410)', async () => {
    const visit = visitNumber();
    const [admitted, rejected] = [newControlId(), newControlId()];
    const admit = adtMessage('A01', visit, admitted);
    const ack = await send(admit);
    await send(setField(adtMessage('A03', visit, rejected), 'PID', 3, undefined));
    await age([admitted, rejected], 3);
    await until('both payloads are purged', async () => {
      const messages = await Promise.all([admitted, rejected].map(stored));
      return messages.every((m) => m.rawPayload === null);
    });

    assert.equal(await send(admit), ack, 'a resend is still recognised and not published again');
    assert.equal((await stored(admitted)).attempts, 1);
    const old = await stored(rejected);
    const problem = await json<{ type: string; detail: string }>(
      `/messages/${old.id}/reprocess`,
      { method: 'POST' },
      410,
    );
    assert.equal(problem.type, 'urn:meridian:problem:payload-purged');
    assert.equal(parseHl7(old.ackText ?? '').get('MSA-2'), rejected);
  });

  test('answers 400 for an unknown include', async () => {
    const [first] = (await json<{ items: Message[] }>('/messages?limit=1')).items;
    const problem = await json<{ errors: { field: string }[] }>(
      `/messages/${first?.id}?include=everything`,
      undefined,
      400,
    );
    assert.deepEqual(
      problem.errors.map((e) => e.field),
      ['include'],
    );
  });
});
