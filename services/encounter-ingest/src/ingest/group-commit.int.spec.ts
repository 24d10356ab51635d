import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { newControlId, parseHl7 } from '@meridian/hl7';
import type { MllpClient } from '@meridian/hl7';
import { adtMessage, setField } from '../testing/adt-samples.js';
import type { EncounterTap } from '../testing/encounter-tap.js';
import { startIngestWithoutKafka, startTappedIngest } from '../testing/ingest-process.js';
import type { IngestProcess, TappedIngest } from '../testing/ingest-process.js';

const CONNECTIONS = 8;
const PER_CONNECTION = 4;

const visitNumber = (): string => `VG${randomBytes(5).toString('hex').toUpperCase()}`;

/** MSA-1, MSA-2 and ERR-3 (the HL7 error code) of an ACK. */
function ackOf(text: string): { code: string; controlId: string; error: string } {
  const ack = parseHl7(text);
  return { code: ack.get('MSA-1'), controlId: ack.get('MSA-2'), error: ack.get('ERR-3') };
}

interface StoredMessage {
  readonly controlId: string;
  readonly status: string;
  readonly ackCode: string;
  readonly eventIds: string[];
}

/** `messages[c]` sent one after the other (each once the last was answered) on connection c, all connections at once. */
function sendOnEach(
  clients: readonly MllpClient[],
  messages: readonly string[][],
): Promise<string[][]> {
  return Promise.all(
    clients.map(async (client, c) => {
      const acks: string[] = [];
      for (const raw of messages[c] ?? []) acks.push(await client.send(raw));
      return acks;
    }),
  );
}

describe('encounter-ingest group commit: concurrent MLLP messages (real process, real stack)', () => {
  let ingest: IngestProcess;
  let tap: EncounterTap;
  let suite: TappedIngest | undefined;
  let clients: MllpClient[] = [];

  async function stored(controlId: string): Promise<StoredMessage> {
    const { items } = await ingest.json<{ items: StoredMessage[] }>(
      `/messages?controlId=${controlId}`,
    );
    assert.equal(items.length, 1, `one stored message of ${controlId}`);
    return items[0] as StoredMessage;
  }

  /** Messages written in groups so far: [groups, messages] of `ingest_group_messages`. */
  async function groups(): Promise<[number, number]> {
    const metrics = await (await ingest.service.fetch('/metrics')).text();
    const value = (name: string): number =>
      Number(new RegExp(`^ingest_group_messages_${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
    return [value('count'), value('sum')];
  }

  before(async () => {
    ({ ingest, tap } = suite = await startTappedIngest());
    clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => ingest.connect()));
  });

  after(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await suite?.stop();
  });

  test('acknowledges concurrent messages on 8 connections AA, each event in Kafka exactly once, written in fewer groups than messages', async () => {
    const [groupsBefore, messagesBefore] = await groups();
    const visits = clients.map(() => Array.from({ length: PER_CONNECTION }, visitNumber));
    const admits = visits.map((list) =>
      list.map((visit) => adtMessage('A01', visit, newControlId())),
    );
    const acks = await sendOnEach(clients, admits);
    for (const [c, list] of admits.entries())
      for (const [i, raw] of list.entries())
        assert.deepEqual(ackOf(acks[c]?.[i] ?? ''), {
          code: 'AA',
          controlId: parseHl7(raw).controlId,
          error: '',
        });

    // An update of each visit after every admission was acknowledged: same key, same partition,
    // so once the tap read it, it read every event of the visit published before it.
    const updates = visits.map((list) =>
      list.map((visit) => adtMessage('A08', visit, newControlId())),
    );
    for (const list of await sendOnEach(clients, updates))
      assert.deepEqual(
        list.map((ack) => ackOf(ack).code),
        Array(PER_CONNECTION).fill('AA'),
      );
    for (const [c, list] of visits.entries()) {
      for (const [i, visit] of list.entries()) {
        const events = await tap.waitFor(`MGH:${visit}`, 2);
        assert.deepEqual(
          events.map((e) => e.record),
          ['EncounterAdmitted', 'EncounterUpdated'],
          `${visit}: its admission once, then its update`,
        );
        const controlId = parseHl7(admits[c]?.[i] ?? '').controlId;
        const message = await stored(controlId);
        const envelope = events[0]?.value['envelope'] as { messageId: string };
        assert.deepEqual(
          [message.status, message.ackCode, message.eventIds],
          ['PROCESSED', 'AA', [envelope.messageId]],
        );
      }
    }
    const [groupsAfter, messagesAfter] = await groups();
    const sent = 2 * CONNECTIONS * PER_CONNECTION;
    assert.equal(messagesAfter - messagesBefore, sent, 'every message went through a group');
    assert.ok(
      groupsAfter - groupsBefore < sent,
      `${sent} concurrent messages written in ${groupsAfter - groupsBefore} groups`,
    );
  });

  test('answers an invalid message among concurrent valid ones with its own AE, the others AA', async () => {
    const visits = clients.map(() => visitNumber());
    const controlIds = clients.map(() => newControlId());
    const messages = visits.map((visit, c) => adtMessage('A01', visit, controlIds[c] ?? ''));
    // Connection 3's message has no MRN (PID-3): AE 101, stored REJECTED, nothing published.
    messages[3] = setField(messages[3] ?? '', 'PID', 3, undefined);
    const acks = (
      await sendOnEach(
        clients,
        messages.map((raw) => [raw]),
      )
    ).map((list) => ackOf(list[0] ?? ''));
    assert.deepEqual(acks[3], { code: 'AE', controlId: controlIds[3], error: '101' });
    for (const c of [0, 1, 2, 4, 5, 6, 7])
      assert.deepEqual(
        acks[c],
        { code: 'AA', controlId: controlIds[c], error: '' },
        `connection ${c}`,
      );
    assert.deepEqual(
      [(await stored(controlIds[3] ?? '')).status, (await stored(controlIds[0] ?? '')).status],
      ['REJECTED', 'PROCESSED'],
    );
    // The invalid visit's only event is a valid message's sent after it.
    const sentinel = newControlId();
    assert.equal(
      ackOf(await (clients[3] as MllpClient).send(adtMessage('A01', visits[3] ?? '', sentinel)))
        .code,
      'AA',
    );
    const events = await tap.waitFor(`MGH:${visits[3]}`, 1);
    assert.deepEqual(
      events.map((e) => e.value['sourceControlId']),
      [sentinel],
    );
    for (const c of [0, 7])
      assert.equal((await tap.waitFor(`MGH:${visits[c]}`, 1))[0]?.record, 'EncounterAdmitted');
  });

  test('answers concurrent messages AE 207 (no AA) while Kafka is down, stores them FAILED, and publishes each once when resent', async () => {
    const down = await startIngestWithoutKafka(ingest.service.database);
    const visits = Array.from({ length: 4 }, visitNumber);
    const messages = visits.map((visit) => adtMessage('A01', visit, newControlId()));
    try {
      const acks = await Promise.all(messages.map((raw) => down.sendOne(raw)));
      for (const [i, ack] of acks.entries())
        assert.deepEqual(ackOf(ack), {
          code: 'AE',
          controlId: parseHl7(messages[i] ?? '').controlId,
          error: '207',
        });
    } finally {
      await down.stop();
    }
    for (const raw of messages) {
      const message = await stored(parseHl7(raw).controlId);
      assert.deepEqual([message.status, message.ackCode, message.eventIds], ['FAILED', 'AE', []]);
    }
    const resent = await sendOnEach(
      clients.slice(0, messages.length),
      messages.map((raw) => [raw]),
    );
    assert.deepEqual(
      resent.map((list) => ackOf(list[0] ?? '').code),
      ['AA', 'AA', 'AA', 'AA'],
    );
    const updates = visits.map((visit) => [adtMessage('A08', visit, newControlId())]);
    await sendOnEach(clients.slice(0, visits.length), updates);
    for (const visit of visits)
      assert.deepEqual(
        (await tap.waitFor(`MGH:${visit}`, 2)).map((e) => e.record),
        ['EncounterAdmitted', 'EncounterUpdated'],
        `${visit}: published once, on its resend`,
      );
  });
});
