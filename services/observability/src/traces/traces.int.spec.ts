import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { getInfra, uniqueName, until } from '@meridian/testing';
import { parseConfig } from '../config/app.config.js';
import { problemOf } from '@meridian/service-kit/testing';
import { badFields, ObservabilityHarness } from '../testing/observability-harness.js';
import { STATEMENT_MAX_LENGTH } from './trace-view.js';
import type { TraceView } from './trace-view.js';
import { TracesService } from './traces.service.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

/**
 * Two spans of a new trace sent to the stack's Jaeger over OTLP/HTTP (JSON): a server span and a
 * failed database query under it, of a service named for this run.
 */
async function exportTrace(traceId: string, service: string): Promise<void> {
  const startMs = Date.now() - 1_000;
  const nanos = (ms: number): string => `${BigInt(ms) * 1_000_000n}`;
  const [root, query] = [hex(8), hex(8)];
  const response = await fetch(`${getInfra().otlpEndpoint}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [text('service.name', service)] },
          scopeSpans: [
            {
              scope: { name: 'traces.int.spec' },
              spans: [
                {
                  traceId,
                  spanId: root,
                  name: 'POST /claims',
                  kind: 2,
                  startTimeUnixNano: nanos(startMs),
                  endTimeUnixNano: nanos(startMs + 40),
                  attributes: [
                    text('http.request.method', 'POST'),
                    text('http.route', '/claims'),
                    { key: 'http.response.status_code', value: { intValue: '500' } },
                    text('url.full', 'http://localhost/claims?not=shown'),
                  ],
                },
                {
                  traceId,
                  spanId: query,
                  parentSpanId: root,
                  name: 'pg.query:INSERT',
                  kind: 3,
                  startTimeUnixNano: nanos(startMs + 10),
                  endTimeUnixNano: nanos(startMs + 25),
                  attributes: [
                    text('db.system.name', 'postgresql'),
                    text('db.query.text', `INSERT INTO claim VALUES (${'$1, '.repeat(100)}$2)`),
                    text('error.type', 'QueryFailedError'),
                  ],
                  status: { code: 2, message: 'duplicate key' },
                },
              ],
            },
          ],
        },
      ],
    }),
  });
  assert.equal(response.status, 200, await response.text());
}

describe('observability: traces from Jaeger', () => {
  describe("TracesService against the stack's Jaeger", () => {
    const traces = new TracesService(parseConfig({ JAEGER_URL: getInfra().jaegerUrl }));

    test('a trace exported to Jaeger is read back: spans parent first, status, kept attributes', async () => {
      const traceId = hex(16);
      const service = uniqueName('traces-it').replace(/_/g, '-');
      await exportTrace(traceId, service);
      let view: TraceView | undefined;
      await until(
        `trace ${traceId} in Jaeger`,
        async () => {
          view = await traces.trace(traceId).catch(() => undefined);
          return view?.spans.length === 2;
        },
        30_000,
      );
      assert.ok(view);
      assert.deepEqual(view.services, [service]);
      const [server, query] = view.spans;
      assert.deepEqual(
        [server?.name, server?.kind, server?.status, server?.parentSpanId],
        ['POST /claims', 'SERVER', 'OK', null],
      );
      assert.deepEqual(server?.attributes, {
        'http.request.method': 'POST',
        'http.route': '/claims',
        'http.response.status_code': 500,
      });
      assert.equal(server?.durationMs, 40);
      assert.deepEqual(
        [query?.name, query?.kind, query?.status, query?.parentSpanId],
        ['pg.query:INSERT', 'CLIENT', 'ERROR', server?.spanId],
      );
      assert.equal(query?.attributes['error.type'], 'QueryFailedError');
      assert.equal(String(query?.attributes['db.query.text']).length, STATEMENT_MAX_LENGTH);
      assert.equal(Date.parse(query?.startTime ?? '') - Date.parse(server?.startTime ?? ''), 10);
    });

    test('a trace Jaeger does not have is a 404 problem', async () => {
      await assert.rejects(traces.trace(hex(16)), (error: unknown) => {
        const { problem } = error as { problem?: { status: number; detail?: string } };
        return problem?.status === 404 && /Jaeger has no trace/.test(problem.detail ?? '');
      });
    });

    test('no JAEGER_URL, or a Jaeger that does not answer, is a 503 problem', async () => {
      for (const env of [{}, { JAEGER_URL: 'http://127.0.0.1:9' }]) {
        await assert.rejects(
          new TracesService(parseConfig(env)).trace(hex(16)),
          (error: unknown) => (error as { problem?: { status: number } }).problem?.status === 503,
          JSON.stringify(env),
        );
      }
    });
  });

  describe('GET /traces/:traceId', () => {
    let harness: ObservabilityHarness;
    before(async () => {
      harness = await ObservabilityHarness.start();
    });
    after(() => harness?.stop());

    test('an id that is not 32 lowercase hex digits, or is all zero, is a 400 naming traceId', async () => {
      for (const id of [hex(16).toUpperCase(), '0'.repeat(32), hex(15), `${hex(16)}0`])
        assert.deepEqual(
          await badFields(await harness.service.fetch(`/traces/${id}`)),
          ['traceId'],
          id,
        );
    });

    test('a Jaeger that does not answer is a 503 problem+json saying so', async () => {
      // The harness links a Jaeger at a host that does not resolve.
      const problem = await problemOf(await harness.service.fetch(`/traces/${hex(16)}`), 503);
      assert.match(problem.detail ?? '', /Jaeger at http:\/\/jaeger\.test:16686 did not answer/);
    });
  });
});
