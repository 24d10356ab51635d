// One trace per saga: a discharge sent over MLLP (or FHIR) is one trace in Jaeger across every
// service the saga touches, with the HTTP, NestJS, Kafka and pg spans of each, and no PHI in it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { builtServices, getInfra, planStay, stayMessage, type Stay } from '@meridian/testing';
import { fhirEncounter } from './fhir-encounter.js';
import {
  DISCHARGE_SERVICES,
  DISCHARGE_STEPS,
  startE2e,
  waiting,
  type E2e,
} from './platform.fixture.js';

/** Jaeger's query API (`/api/traces`), the parts read here. */
interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: readonly { refType: string; traceID: string; spanID: string }[];
  readonly tags: readonly { key: string; value: unknown }[];
  readonly logs: readonly { fields: readonly { key: string; value: unknown }[] }[];
  readonly processID: string;
}

interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { serviceName: string }>>;
}

interface SagaDetail {
  readonly id: string;
  readonly status: string;
  readonly traceId: string | null;
  readonly traceUrl: string | null;
}

/**
 * What discharge-to-revenue touches (the event's source, the orchestrator, the participants of its
 * steps) and, when it runs, observability (it consumes the saga's lifecycle events).
 */
const SAGA_SERVICES = [
  ...DISCHARGE_SERVICES,
  ...(builtServices().includes('observability') ? ['observability'] : []),
].sort();

const TRACE_TIMEOUT_MS = 60_000;

const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;

/** The patient identifiers of an HL7 message: PID-3 (MRN), PID-5 (family and given names). */
function patientIdentifiers(message: string): string[] {
  const pid = message.split('\r').find((segment) => segment.startsWith('PID|'));
  const fields = pid?.split('|') ?? [];
  const mrn = fields[3]?.split('^')[0] ?? '';
  const [family = '', given = ''] = (fields[5] ?? '').split('^');
  return [mrn, family, given].filter((value) => value.length >= 3);
}

describe('one trace per saga in Jaeger', () => {
  const infra = getInfra();
  let e: E2e;
  before(async () => {
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: infra.otlpEndpoint };
    e = await startE2e(
      'e2etrace',
      Object.fromEntries(
        builtServices().map((name) => [
          name,
          name === 'saga-orchestrator' ? { ...tracing, JAEGER_URL: infra.jaegerUrl } : tracing,
        ]),
      ),
    );
  });
  after(() => e?.stop());

  const stayIn = (label: string, roomId: string): Stay =>
    planStay({
      visitNumber: e.visit(label),
      location: { unitId: '4W', roomId, bedId: 'A', facilityId: 'MGH' },
      principalDiagnosis: true,
    });

  async function jaeger<T>(path: string): Promise<T | undefined> {
    const response = await fetch(`${infra.jaegerUrl}${path}`);
    return response.ok ? ((await response.json()) as { data: T }).data : undefined;
  }

  /** The completed saga of an encounter, with its trace id and link. */
  async function completedSaga(encounterId: string): Promise<SagaDetail> {
    const { id } = await e.waitForSaga(encounterId, 'COMPLETED', 30_000);
    const saga = await e.get<SagaDetail>('saga-orchestrator', `/sagas/${id}`);
    assert.match(saga.traceId ?? '', /^[0-9a-f]{32}$/, 'the saga has a trace id');
    assert.equal(saga.traceUrl, `${infra.jaegerUrl}/trace/${saga.traceId}`);
    return saga;
  }

  /**
   * The saga's trace once Jaeger has it whole: spans of every service the saga touches, the
   * engine's span of the last reply, and no span whose parent is missing (spans arrive in
   * batches, service by service).
   */
  async function wholeTrace(saga: SagaDetail): Promise<JaegerTrace> {
    let trace: JaegerTrace | undefined;
    const seen = (): string =>
      trace ? `services ${servicesOf(trace).join(', ')}, ${trace.spans.length} spans` : 'nothing';
    await waiting(
      () => `the whole trace ${saga.traceId} in Jaeger (seen: ${seen()})`,
      async () => {
        [trace] = (await jaeger<JaegerTrace[]>(`/api/traces/${saga.traceId}`)) ?? [];
        return (
          trace !== undefined &&
          servicesOf(trace).join() === SAGA_SERVICES.join() &&
          trace.spans.some((s) => s.operationName.endsWith('reply PostRevenueJournal')) &&
          orphans(trace).length === 0
        );
      },
      TRACE_TIMEOUT_MS,
    );
    return trace as JaegerTrace;
  }

  /** A trace rooted at a reply that came without trace context: not from this platform. */
  const isForeignReply = (trace: JaegerTrace): boolean =>
    trace.spans.some(
      (s) =>
        parentOf(s) === undefined &&
        s.operationName === 'process saga.replies.v1' &&
        serviceOf(trace, s) === 'saga-orchestrator',
    );
  const serviceOf = (trace: JaegerTrace, span: JaegerSpan): string =>
    trace.processes[span.processID]?.serviceName ?? '?';
  const servicesOf = (trace: JaegerTrace): string[] =>
    [...new Set(trace.spans.map((s) => serviceOf(trace, s)))].sort();
  const parentOf = (span: JaegerSpan): string | undefined =>
    span.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
  const orphans = (trace: JaegerTrace): JaegerSpan[] => {
    const ids = new Set(trace.spans.map((s) => s.spanID));
    return trace.spans.filter((s) => {
      const parent = parentOf(s);
      return parent !== undefined && !ids.has(parent);
    });
  };

  /** What every saga trace shows, whatever its root; returns the root span. */
  async function assertSagaTrace(
    saga: SagaDetail,
    trace: JaegerTrace,
    phi: readonly string[],
  ): Promise<JaegerSpan> {
    // The saga's spans are in this trace, and in no other of this platform's making. Other
    // platforms on the shared stack (their own consumer groups) may answer this saga's commands
    // too, untraced: such a reply starts a trace of its own at the orchestrator's consumer.
    const tagged = await jaeger<JaegerTrace[]>(
      `/api/traces?service=saga-orchestrator&tags=${encodeURIComponent(
        JSON.stringify({ 'meridian.saga.id': saga.id }),
      )}&lookback=1h&limit=50`,
    );
    const ours = (tagged ?? []).filter((t) => !isForeignReply(t));
    assert.deepEqual(
      [...new Set(ours.map((t) => t.traceID))],
      [saga.traceId],
      'exactly one trace carries the saga id',
    );
    assert.ok(trace.spans.every((s) => s.traceID === saga.traceId));
    assert.deepEqual(servicesOf(trace), SAGA_SERVICES);

    const engine = trace.spans.filter((s) => tag(s, 'meridian.saga.id') === saga.id);
    assert.ok(engine.length >= 6, `the engine's spans carry the saga id (${engine.length})`);
    for (const span of engine) {
      assert.equal(tag(span, 'meridian.saga.type'), 'discharge-to-revenue', span.operationName);
      assert.equal(typeof tag(span, 'meridian.saga.business_key'), 'string');
    }
    assert.ok(engine.some((s) => tag(s, 'meridian.saga.step') === 'ReleaseBed'));
    for (const [step, participant] of DISCHARGE_STEPS) {
      assert.ok(
        trace.spans.some((s) => s.operationName === `saga discharge-to-revenue reply ${step}`),
        `the engine's span of the ${step} reply`,
      );
      assert.ok(
        trace.spans.some(
          (s) => s.operationName === 'send saga.replies.v1' && serviceOf(trace, s) === participant,
        ),
        `${participant}'s reply to ${step}`,
      );
    }

    for (const service of SAGA_SERVICES) {
      const own = trace.spans.filter((s) => serviceOf(trace, s) === service);
      assert.ok(
        own.some((s) => tag(s, 'db.system.name') === 'postgresql' && tag(s, 'db.query.text')),
        `${service} has pg spans with their statement`,
      );
      if (service !== 'encounter-ingest') {
        assert.ok(
          own.some((s) => s.operationName.startsWith('process ')),
          `${service} has a Kafka process span`,
        );
      }
    }

    assert.deepEqual(orphans(trace), [], "every span's parent is in the trace");
    const roots = trace.spans.filter((s) => parentOf(s) === undefined);
    assert.equal(roots.length, 1, `one root: ${roots.map((r) => r.operationName).join(', ')}`);
    const [root] = roots;
    assert.ok(root);
    assert.equal(serviceOf(trace, root), 'encounter-ingest');
    assert.equal(tag(root, 'span.kind'), 'server');

    const everything = JSON.stringify(
      trace.spans.map((s) => [s.operationName, s.tags, s.logs]),
    ).toLowerCase();
    for (const value of phi) {
      assert.equal(everything.includes(value.toLowerCase()), false, `no span holds ${value}`);
    }
    return root;
  }

  test('A01 then A03 over MLLP: the discharge saga is one trace rooted at the A03 frame, across every service it touches, without PHI', async () => {
    const stay = stayIn('TRC', '411');
    assert.equal((await e.send(stayMessage('A01', stay))).code, 'AA');
    await e.waitForBed('MGH', '4W', '411', 'A', 'OCCUPIED');
    const discharge = stayMessage('A03', stay);
    assert.equal((await e.send(discharge)).code, 'AA');
    const saga = await completedSaga(stay.encounterId);
    const trace = await wholeTrace(saga);
    const phi = [stay.mrn, ...patientIdentifiers(discharge)];
    assert.ok(phi.length >= 3, `the message names the patient: ${phi.length} identifiers`);
    const root = await assertSagaTrace(saga, trace, phi);
    assert.equal(root.operationName, 'mllp receive');
    assert.match(String(tag(root, 'hl7.message_type')), /^ADT\^A03/);
    assert.equal(tag(root, 'meridian.encounter_id'), stay.encounterId);
  });

  test('FHIR: an Encounter PUT as finished roots the saga trace at its HTTP server span', async () => {
    const stay = stayIn('TRF', '412');
    const path = `/fhir/Encounter/${fhirEncounter(stay, 'in-progress', '1').id}`;
    const put = (status: 'in-progress' | 'finished', version: string) =>
      e.put(
        'encounter-ingest',
        path,
        fhirEncounter(stay, status, version),
        'application/fhir+json',
      );
    assert.equal((await put('in-progress', '1')).status, 200);
    await e.waitForBed('MGH', '4W', '412', 'A', 'OCCUPIED');
    assert.equal((await put('finished', '2')).status, 200);
    const saga = await completedSaga(stay.encounterId);
    const trace = await wholeTrace(saga);
    const root = await assertSagaTrace(saga, trace, [stay.mrn]);
    assert.equal(tag(root, 'http.request.method'), 'PUT');
    assert.equal(tag(root, 'url.path'), path);
    assert.ok(
      trace.spans.some((s) => tag(s, 'nestjs.type') === 'request_context'),
      "Nest's request span is in the trace",
    );
  });
});
