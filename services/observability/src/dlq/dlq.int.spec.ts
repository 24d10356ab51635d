import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { FAILURE_HEADERS } from '@meridian/messaging';
import { deleteSubject, getInfra, roleToken, uniqueName, until } from '@meridian/testing';
import avro from 'avsc';
import type { KafkaMessage } from 'kafkajs';
import { problemOf } from '@meridian/service-kit/testing';
import { badFields, ObservabilityHarness } from '../testing/observability-harness.js';
import type { AuditEntry } from '../audit/audit.store.js';
import type { DlqEntry, DlqEntryWithPayload } from './dlq.service.js';

/** A record of this run with one field tagged PHI, registered under a subject of its own. */
const SCHEMA = {
  type: 'record',
  name: uniqueName('DlqProbe'),
  namespace: 'health.meridian.observability.test',
  fields: [
    { name: 'encounterId', type: 'string' },
    { name: 'patientMrn', type: 'string', 'confluent:tags': ['PHI'] },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
  ],
};

async function register(subject: string): Promise<number> {
  const response = await fetch(`${getInfra().schemaRegistryUrl}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(SCHEMA) }),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return (JSON.parse(text) as { id: number }).id;
}

function framed(schemaId: number, value: Record<string, unknown>): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, avro.Type.forSchema(SCHEMA as avro.Schema).toBuffer(value)]);
}

/** The headers the consumer runtime writes on a dead letter of `group`. */
function failure(group: string, errorClass: string, offset: number): Record<string, string> {
  return {
    traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    [FAILURE_HEADERS.attempt]: '4',
    [FAILURE_HEADERS.originalTopic]: 'clinical.encounter.v1',
    [FAILURE_HEADERS.originalPartition]: '0',
    [FAILURE_HEADERS.originalOffset]: String(offset),
    [FAILURE_HEADERS.errorClass]: errorClass,
    [FAILURE_HEADERS.errorCode]: 'UNKNOWN_UNIT',
    [FAILURE_HEADERS.errorMessage]: 'unit 9Z is not known',
    [FAILURE_HEADERS.failedAt]: new Date().toISOString(),
    [FAILURE_HEADERS.consumerGroup]: group,
  };
}

const MRN = 'MRN-0042';
const SUBJECT = `${SCHEMA.namespace}.${SCHEMA.name}`;

describe('observability: dead letters of every consumer group', () => {
  let harness: ObservabilityHarness;
  // Groups of this run: one with a retry topic, one without (its policy has a single attempt).
  const group = uniqueName('obs_it_failing');
  const bare = uniqueName('obs_it_bare');
  const lagTopic = uniqueName('obs_it_lag');
  const lagGroup = uniqueName('obs_it_lagging');
  const retried: KafkaMessage[] = [];
  let stopTap: () => Promise<void> = async () => undefined;
  let decodable: DlqEntry;
  let undecodable: DlqEntry;

  const list = (query: string): Promise<{ items: DlqEntry[]; nextCursor: string | null }> =>
    harness.service.getJson(`/dlq?${query}`);
  /** Headers of a call as the demo user holding only `role`. */
  const as = async (role: string): Promise<Record<string, string>> => ({
    authorization: `Bearer ${await roleToken(role)}`,
  });
  /** `GET /dlq/:id?include=payload` with the harness token (every role, phi-reader included). */
  const withPayload = (id: string): Promise<DlqEntryWithPayload> =>
    harness.service.getJson(`/dlq/${id}?include=payload`);

  before(async () => {
    harness = await ObservabilityHarness.start();
    const schemaId = await register(SUBJECT);
    await harness.admin((admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [`${group}.dlq`, `${group}.retry.1`, `${bare}.dlq`, lagTopic].map((topic) => ({
          topic,
          numPartitions: 1,
        })),
      }),
    );
    const producer = harness.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${group}.dlq`,
      messages: [
        {
          key: 'ENC-1',
          value: framed(schemaId, {
            encounterId: 'ENC-1',
            patientMrn: MRN,
            occurredAt: Date.UTC(2026, 11, 6),
          }),
          headers: failure(group, 'NonRetriableError', 11),
        },
        {
          key: 'ENC-2',
          value: Buffer.from('not avro'),
          headers: failure(group, 'UndecodableMessageError', 12),
        },
      ],
    });
    await producer.send({
      topic: `${bare}.dlq`,
      messages: [
        { key: 'ENC-3', value: Buffer.from('x'), headers: failure(bare, 'NonRetriableError', 13) },
      ],
    });
    await producer.send({
      topic: lagTopic,
      messages: [1, 2, 3].map((n) => ({ value: String(n) })),
    });
    await producer.disconnect();
    await harness.admin((admin) =>
      admin.setOffsets({
        groupId: lagGroup,
        topic: lagTopic,
        partitions: [{ partition: 0, offset: '1' }],
      }),
    );
    const tap = harness.kafka.consumer({ groupId: uniqueName('obs_it_tap') });
    await tap.connect();
    await tap.subscribe({ topic: `${group}.retry.1`, fromBeginning: true });
    await tap.run({ eachMessage: async ({ message }) => void retried.push(message) });
    stopTap = () => tap.disconnect();
    await until(
      'the dead letters read',
      async () =>
        (await list(`group=${group}`)).items.length === 2 &&
        (await list(`group=${bare}`)).items.length === 1,
      90_000,
    );
    const { items } = await list(`group=${group}`);
    [undecodable, decodable] = items as [DlqEntry, DlqEntry];
  });

  after(async () => {
    await stopTap();
    await harness?.admin(async (admin) => {
      await admin.deleteTopics({
        topics: [`${group}.dlq`, `${group}.retry.1`, `${bare}.dlq`, lagTopic],
      });
      await admin.deleteGroups([lagGroup]).catch(() => undefined);
    });
    await harness?.stop();
    await deleteSubject(getInfra().schemaRegistryUrl, SUBJECT);
  });

  test('stores each dead letter with its failure, newest first; the list carries no payload', () => {
    assert.equal(decodable.key, 'ENC-1');
    assert.equal(decodable.dlqTopic, `${group}.dlq`);
    assert.equal(decodable.originalTopic, 'clinical.encounter.v1');
    assert.equal(decodable.originalOffset, '11');
    assert.equal(decodable.errorClass, 'NonRetriableError');
    assert.equal(decodable.errorCode, 'UNKNOWN_UNIT');
    assert.equal(decodable.attempts, 4);
    assert.equal(decodable.status, 'OPEN');
    assert.equal(decodable.payloadPurgedAt, null);
    assert.ok(!('payload' in decodable), 'no payload in the list');
    assert.ok(!JSON.stringify(decodable).includes(MRN));
  });

  test('the payload (PHI) only to a phi-reader who asks for it (include=payload), every ask audited as a PHI read', async () => {
    const entry = await withPayload(decodable.id);
    assert.equal(entry.recordName, `${SCHEMA.namespace}.${SCHEMA.name}`);
    assert.deepEqual(entry.payload, {
      encounterId: 'ENC-1',
      patientMrn: MRN,
      occurredAt: '2026-12-06T00:00:00.000Z',
    });
    assert.equal(entry.payloadError, null);

    // An sre-operator without phi-reader: the entry, never its payload.
    const plain = await harness.service.fetch(`/dlq/${decodable.id}`, {
      headers: await as('sre-operator'),
    });
    assert.equal(plain.status, 200);
    const text = await plain.text();
    assert.ok(!text.includes(MRN) && !('payload' in (JSON.parse(text) as object)));
    const refused = await harness.service.fetch(`/dlq/${decodable.id}?include=payload`, {
      headers: await as('sre-operator'),
    });
    const problem = await problemOf(refused, 403);
    assert.match(problem.detail ?? '', /phi-reader/);
    // phi-reader alone does not reach the dead letters (the route takes sre-operator).
    await problemOf(
      await harness.service.fetch(`/dlq/${decodable.id}?include=payload`, {
        headers: await as('phi-reader'),
      }),
      403,
    );
    await problemOf(await fetch(`${harness.service.url}/dlq/${decodable.id}?include=payload`), 401);

    // Every ask is audited as a PHI read: the read, the handler's refusal, and the route's refusals
    // (a role the route does not take, no token at all).
    let reads: AuditEntry[] = [];
    await until('the PHI reads in the audit trail', async () => {
      ({ items: reads } = await harness.service.getJson<{ items: AuditEntry[] }>(
        `/audit?businessKey=${decodable.id}`,
      ));
      return reads.length >= 4;
    });
    assert.deepEqual(
      reads.map((r) => [r.action, r.phiRead, r.outcome, r.httpStatus, r.username]).sort(),
      [
        ['READ_PHI GET /dlq/:id', true, 'DENIED', 401, null],
        ['READ_PHI GET /dlq/:id', true, 'DENIED', 403, 'phi-reader'],
        ['READ_PHI GET /dlq/:id', true, 'DENIED', 403, 'sre-operator'],
        ['READ_PHI GET /dlq/:id', true, 'SUCCEEDED', 200, 'service-account-meridian-tests'],
      ],
    );
  });

  test('bytes that are not Avro give a null payload and the reason, not an error', async () => {
    const entry = await withPayload(undecodable.id);
    assert.equal(entry.payload, null);
    assert.match(entry.payloadError ?? '', /wire format/);
  });

  test('filters by error class and pages with the cursor', async () => {
    const byClass = await list(`group=${group}&errorClass=UndecodableMessageError`);
    assert.deepEqual(
      byClass.items.map((e) => e.id),
      [undecodable.id],
    );
    const first = await list(`group=${group}&limit=1`);
    assert.deepEqual(
      first.items.map((e) => e.id),
      [undecodable.id],
    );
    assert.ok(first.nextCursor);
    const second = await list(`group=${group}&limit=1&cursor=${first.nextCursor}`);
    assert.deepEqual(
      second.items.map((e) => e.id),
      [decodable.id],
    );
    assert.equal(second.nextCursor, null);
  });

  test('the depth gauge counts OPEN dead letters by group', async () => {
    assert.match(
      await harness.metrics(),
      new RegExp(`meridian_dlq_depth\\{group="${bare}"\\} 1\\n`),
    );
  });

  test('a replay sends the original bytes, key and headers to the group first retry topic, attempt reset', async () => {
    const entry = await harness.service.send(
      'POST',
      `/dlq/${decodable.id}/replay`,
      {},
      await as('sre-operator'),
    );
    const replayed = JSON.parse(await entry.text()) as DlqEntry;
    assert.equal(entry.status, 200);
    assert.equal(replayed.status, 'REPLAYED');
    assert.deepEqual(
      replayed.replays.map((r) => [r.by, r.result, r.replayTopic]),
      [['sre-operator', 'SENT', `${group}.retry.1`]],
    );
    await until('the replay on the retry topic', async () => retried.length === 1);
    const [message] = retried;
    assert.equal(message?.key?.toString(), 'ENC-1');
    assert.ok(message?.value?.subarray(5).includes(Buffer.from(MRN)), 'the original bytes');
    const headers = message?.headers ?? {};
    assert.equal(headers[FAILURE_HEADERS.attempt], undefined);
    assert.equal(headers[FAILURE_HEADERS.errorClass], undefined);
    assert.equal(headers[FAILURE_HEADERS.originalTopic]?.toString(), 'clinical.encounter.v1');
    assert.equal(headers[FAILURE_HEADERS.originalOffset]?.toString(), '11');
    assert.ok(headers['traceparent']);
  });

  test('bulk replay counts the OPEN matches on a dry run; a parked entry is no longer one', async () => {
    const dry = await harness.service.send('POST', '/dlq/replay', {
      filter: { group },
      dryRun: true,
    });
    assert.deepEqual(JSON.parse(await dry.text()), { matched: 1, replayed: 0 });
    const parked = await harness.service.send(
      'POST',
      `/dlq/${undecodable.id}/park`,
      { reason: 'not Avro: producer bug' },
      await as('sre-operator'),
    );
    const entry = JSON.parse(await parked.text()) as DlqEntry;
    assert.equal(entry.status, 'PARKED');
    assert.equal(entry.park?.by, 'sre-operator');
    const after = await harness.service.send('POST', '/dlq/replay', {
      filter: { group },
      dryRun: false,
    });
    assert.deepEqual(JSON.parse(await after.text()), { matched: 0, replayed: 0 });
  });

  test('a group without retry topics: the bulk replay matches, records the refusal and sends nothing; one replay is a 409', async () => {
    const response = await harness.service.send(
      'POST',
      '/dlq/replay',
      { filter: { group: bare, errorClass: 'NonRetriableError' }, dryRun: false },
      await as('sre-operator'),
    );
    // The bare group has no retry topic: matched, not replayed, and the refusal recorded.
    assert.deepEqual(JSON.parse(await response.text()), { matched: 1, replayed: 0 });
    const { items } = await list(`group=${bare}`);
    assert.deepEqual(
      items[0]?.replays.map((r) => [r.by, r.result.split(':')[0]]),
      [['sre-operator', 'REJECTED']],
    );
    assert.equal(items[0]?.status, 'OPEN');
    await problemOf(await harness.service.send('POST', `/dlq/${items[0]?.id}/replay`, {}), 409);
  });

  test('consumer lag: committed against end offsets per group and partition, and its gauge', async () => {
    const { groups } = await harness.service.getJson<{
      groups: {
        groupId: string;
        topic: string;
        partition: number;
        committedOffset: string | null;
        endOffset: string;
        lag: number;
      }[];
    }>('/consumer-lag');
    assert.deepEqual(
      groups.filter((g) => g.groupId === lagGroup),
      [
        {
          groupId: lagGroup,
          topic: lagTopic,
          partition: 0,
          committedOffset: '1',
          endOffset: '3',
          lag: 2,
        },
      ],
    );
    assert.match(
      await harness.metrics(),
      new RegExp(`meridian_consumer_lag\\{group="${lagGroup}",topic="${lagTopic}"\\} 2\\n`),
    );
  });

  test('bad input is a 400 naming the field; an unknown entry a 404', async () => {
    assert.deepEqual(await badFields(await harness.service.send('POST', '/dlq/replay', {})), [
      'dryRun',
      'filter',
    ]);
    assert.deepEqual(
      await badFields(
        await harness.service.send('POST', '/dlq/replay', {
          dryRun: true,
          filter: { since: 'soon' },
        }),
      ),
      ['filter.since'],
    );
    assert.deepEqual(
      await badFields(
        await harness.service.send('POST', `/dlq/${decodable.id}/park`, { reason: ' ' }),
      ),
      ['reason'],
    );
    assert.deepEqual(
      await badFields(
        await harness.service.send('POST', `/dlq/${decodable.id}/park`, { reason: 'x', by: 'me' }),
      ),
      ['by'],
    );
    assert.deepEqual(await badFields(await harness.service.fetch('/dlq/abc')), ['id']);
    assert.deepEqual(
      await badFields(await harness.service.fetch(`/dlq/${decodable.id}?include=raw`)),
      ['include'],
    );
    assert.deepEqual(await badFields(await harness.service.fetch('/dlq?since=yesterday')), [
      'since',
    ]);
    await problemOf(await harness.service.fetch('/dlq/999999999'), 404);
  });

  test('payloads older than DLQ_RETENTION_DAYS are purged in batches, the entries stay; a purged one cannot be replayed (410)', async () => {
    // Both entries of `group` read 31 days ago (retention 30); the bare group's entry is recent.
    await harness.sql(
      "UPDATE dlq_entry SET received_at = now() - interval '31 days' WHERE group_id = $1",
      [group],
    );
    await until('the old payloads purged', async () =>
      (await list(`group=${group}`)).items.every((e) => e.payloadPurgedAt !== null),
    );
    const rows = await harness.sql<{ group_id: string; purged: boolean; status: string }>(
      'SELECT group_id, value IS NULL AS purged, status FROM dlq_entry WHERE group_id = ANY($1) ORDER BY status DESC',
      [[group, bare]],
    );
    assert.deepEqual(rows, [
      { group_id: group, purged: true, status: 'REPLAYED' },
      { group_id: group, purged: true, status: 'PARKED' },
      { group_id: bare, purged: false, status: 'OPEN' },
    ]);
    const [recent] = (await list(`group=${bare}`)).items;
    assert.equal(recent?.payloadPurgedAt, null, 'a recent payload is kept');

    const purged = await withPayload(decodable.id);
    assert.equal(purged.payload, null);
    assert.match(purged.payloadError ?? '', /^purged at .* \(DLQ_RETENTION_DAYS\)$/);
    assert.equal(purged.errorClass, 'NonRetriableError', 'the failure stays');
    const gone = await problemOf(
      await harness.service.send('POST', `/dlq/${decodable.id}/replay`, {}),
      410,
    );
    assert.equal(gone.type, 'urn:meridian:problem:payload-purged');
    // One per statement (DLQ_PURGE_BATCH_SIZE=1), both in the same run or the next.
    assert.match(await harness.metrics(), /^meridian_dlq_payloads_purged_total 2$/m);
  });
});
