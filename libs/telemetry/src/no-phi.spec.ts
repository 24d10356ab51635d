import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, describe, test } from 'node:test';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { startTelemetry } from './telemetry.sdk.js';

// Started before http and pg are loaded, as the preload does, so the instrumentations patch them.
const exported: ReadableSpan[] = [];
const exporter: SpanExporter = {
  export(spans, done) {
    exported.push(...spans);
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: () => Promise.resolve(),
};
const telemetry = startTelemetry({ serviceName: 'no-phi-spec', env: {}, exporter });
// Required, not imported: the http instrumentation patches `http` as CommonJS code (Express)
// loads it.
const { createServer } = createRequire(import.meta.url)('node:http') as typeof import('node:http');
const { default: pg } = await import('pg');

const MRN = 'MRN-PHI-4711';
const FAMILY = 'DOEPHI';

/**
 * A parameterised query with `values`. Nothing listens on port 1: the client refuses the query
 * (not connected), but its span is made and ended all the same.
 */
async function query(values: unknown[]): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: 1 });
  await client.connect().catch(() => undefined);
  await client
    .query('SELECT id FROM encounter WHERE mrn = $1 AND family = $2', values)
    .catch(() => undefined);
}

/** An HTTP server whose handler runs a parameterised query with the request's query values. */
async function serve(): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const search = new URL(req.url ?? '/', 'http://localhost').searchParams;
    void query([search.get('mrn'), search.get('family')]).then(() => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-patient', MRN);
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** Every string a span carries: name, attributes, events and their attributes, status. */
function texts(span: ReadableSpan): string {
  return JSON.stringify([span.name, span.attributes, span.events, span.status]);
}

describe('spans of HTTP requests and a pg query', () => {
  after(() => telemetry.shutdown());

  test('carry neither query strings nor parameter values nor unsafe headers, and probes have none', async () => {
    const server = await serve();
    try {
      const response = await fetch(`${server.url}/encounters?mrn=${MRN}&family=${FAMILY}`, {
        headers: { 'x-patient-name': FAMILY, cookie: `mrn=${MRN}` },
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(response.status, 200);
      const probe = await fetch(`${server.url}/health/live`, {
        signal: AbortSignal.timeout(10_000),
      });
      assert.equal(probe.status, 200);
      await telemetry.shutdown(); // flushes through the redacting exporter
    } finally {
      server.close();
    }
    const spans = exported;
    const http = spans.find((s) => s.instrumentationScope.name.endsWith('instrumentation-http'));
    const query = spans.find((s) => s.attributes['db.query.text'] !== undefined);
    assert.ok(http, 'the request has a server span');
    assert.ok(query, 'the query has a span');
    assert.equal(http.attributes['url.path'], '/encounters');
    assert.deepEqual(
      spans.map((s) => s.attributes['url.path']).filter((path) => path !== undefined),
      ['/encounters'],
      'the probe has no span',
    );
    assert.deepEqual(http.attributes['http.response.header.content-type'], ['application/json']);
    assert.equal(
      query.attributes['db.query.text'],
      'SELECT id FROM encounter WHERE mrn = $1 AND family = $2',
    );
    assert.equal(query.parentSpanContext?.spanId, http.spanContext().spanId);
    for (const span of spans) {
      assert.doesNotMatch(texts(span), new RegExp(`${MRN}|${FAMILY}`), span.name);
    }
  });
});
