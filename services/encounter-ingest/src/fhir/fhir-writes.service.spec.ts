import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Bundle, BundleEntry, Encounter } from '@medplum/fhirtypes';
import type { IngestResult, IngestService } from '../ingest/ingest.service.js';
import type { ProtocolCodecs } from '../ingest/protocol-codecs.js';
import type { InboundMessage } from '../messages/inbound-message.entity.js';
import { planBundle, Refusal } from './fhir-bundle.js';
import type { BundlePlan } from './fhir-bundle.js';
import { FhirCodec } from './fhir.codec.js';
import { EXAMPLE_ENCOUNTER } from './fhir.examples.js';
import { FhirWrites, writeResultOf } from './fhir-writes.service.js';

const codec = new FhirCodec({ timeZone: 'America/New_York', defaultFacility: 'MGH' });

/** The pipeline without a database nor Kafka: interprets, "publishes" (records), or fails. */
function fakePipeline(options: { readonly kafkaDown?: boolean } = {}): {
  readonly writes: FhirWrites;
  readonly published: string[];
} {
  const published: string[] = [];
  const ingest = {
    ingest: (_: unknown, raw: string): Promise<IngestResult> => {
      const id = randomUUID();
      const interpretation = codec.interpret(raw, { receivedAt: new Date(), messageId: id });
      const { result } = interpretation;
      const outcome =
        'issues' in result
          ? { status: 'REJECTED' as const, issues: result.issues }
          : options.kafkaDown
            ? {
                status: 'FAILED' as const,
                issues: [{ kind: 'internal' as const, where: 'Kafka', message: 'down' }],
              }
            : { status: 'PROCESSED' as const, eventIds: [`event-${published.length}`] };
      if ('event' in result && !options.kafkaDown)
        published.push(result.event.contract.fullName.split('.').pop() ?? '');
      const answer = interpretation.answer(outcome);
      const message = {
        id,
        status: outcome.status,
        ackCode: answer.code,
        ackText: answer.text,
        rawPayload: raw,
      };
      return Promise.resolve({ message: message as InboundMessage, duplicate: false });
    },
  };
  const codecs = { fhir: codec } as unknown as ProtocolCodecs;
  return { writes: new FhirWrites(ingest as unknown as IngestService, codecs), published };
}

const admitted: Encounter = {
  ...EXAMPLE_ENCOUNTER,
  meta: { versionId: '1' },
  status: 'in-progress',
  period: { start: '2026-11-18T09:05:00-05:00' },
  hospitalization: {},
};
const discharged: Encounter = { ...EXAMPLE_ENCOUNTER, meta: { versionId: '2' } };

function plan(type: 'transaction' | 'batch', entries: BundleEntry[]): BundlePlan {
  const planned = planBundle(JSON.stringify({ resourceType: 'Bundle', type, entry: entries }));
  assert.ok(!(planned instanceof Refusal), JSON.stringify(planned));
  return planned;
}

const post = (resource: Encounter): BundleEntry => ({
  resource,
  request: { method: 'POST', url: 'Encounter' },
});
const put = (resource: Encounter): BundleEntry => ({
  resource,
  request: { method: 'PUT', url: `Encounter/${resource.id ?? ''}` },
});

describe('FHIR writes', () => {
  test('a resend of a write whose payload was purged answers 200 with the outcome given and no resource', () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [] };
    const message = {
      id: randomUUID(),
      status: 'PROCESSED',
      controlId: 'Encounter/E1/_history/2',
      ackText: JSON.stringify(outcome),
      rawPayload: null,
    } as unknown as InboundMessage;
    assert.deepEqual(writeResultOf({ message, duplicate: true }, 'PUT'), {
      status: 200,
      outcome,
      location: 'Encounter/E1/_history/2',
    });
  });

  test('a transaction runs POST before PUT and answers each entry in Bundle order', async () => {
    const { writes, published } = fakePipeline();
    const answer = await writes.transaction(plan('transaction', [put(discharged), post(admitted)]));
    assert.ok(!(answer instanceof Refusal));
    assert.deepEqual(published, ['EncounterAdmitted', 'EncounterDischarged']);
    assert.equal(answer.type, 'transaction-response');
    assert.deepEqual(
      answer.entry?.map((e) => [e.response?.status, e.response?.location]),
      [
        ['200 OK', 'Encounter/enc-000123/_history/2'],
        ['201 Created', 'Encounter/enc-000123/_history/1'],
      ],
    );
  });

  test('a transaction with one entry it cannot map publishes nothing and names that entry', async () => {
    const { writes, published } = fakePipeline();
    const unmappable = {
      ...discharged,
      id: 'enc-2',
      location: [{ location: { display: '4W 401 B' } }],
    };
    const answer = await writes.transaction(plan('transaction', [post(admitted), put(unmappable)]));
    assert.ok(answer instanceof Refusal);
    assert.equal(answer.status, 422);
    assert.deepEqual(published, []);
    assert.deepEqual(
      answer.outcome.issue?.map((i) => [i.expression?.[0], i.diagnostics?.split(' ')[0]]),
      [
        [
          'Bundle.entry[1].resource.location[0].location',
          'Bundle.entry[1].resource.location[0].location',
        ],
      ],
    );
  });

  test('a transaction whose writes fail midway answers 503', async () => {
    const { writes } = fakePipeline({ kafkaDown: true });
    const answer = await writes.transaction(plan('transaction', [post(admitted)]));
    assert.ok(answer instanceof Refusal);
    assert.equal(answer.status, 503);
  });

  test('a batch answers every entry on its own, shaped by Prefer', async () => {
    const { writes, published } = fakePipeline();
    const unmappable = { ...discharged, location: [{ location: { display: '4W 401 B' } }] };
    const answer: Bundle = await writes.batch(
      plan('batch', [
        post(admitted),
        put(unmappable),
        { request: { method: 'DELETE', url: 'Encounter/x' } },
      ]),
      'minimal',
    );
    assert.deepEqual(published, ['EncounterAdmitted']);
    assert.equal(answer.type, 'batch-response');
    assert.deepEqual(
      answer.entry?.map((e) => [
        e.response?.status,
        e.response?.outcome?.issue?.[0]?.expression?.[0],
      ]),
      [
        ['201 Created', undefined],
        ['422 Unprocessable Entity', 'Bundle.entry[1].resource.location[0].location'],
        ['405 Method Not Allowed', 'Bundle.entry[2].request.method'],
      ],
    );
  });

  test('an update whose body names another id is refused before anything is stored', async () => {
    const { writes, published } = fakePipeline();
    const answer = await writes.update('enc-other', JSON.stringify(discharged));
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.outcome.issue?.[0]?.expression, ['Encounter.id']);
    assert.deepEqual(published, []);
    assert.equal((await writes.update('enc-000123', JSON.stringify(discharged))).status, 200);
  });
});
