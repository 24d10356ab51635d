import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUntracedPath } from './instrumentations.js';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { SpanStatusCode } from '@opentelemetry/api';
import { RedactingSpanExporter, redactAttributes, withoutQuery } from './phi-redaction.js';

describe('redactAttributes', () => {
  test('cuts the query string and fragment off every URL attribute and drops url.query', () => {
    const attributes = {
      'url.full': 'http://host:3001/encounters?mrn=123&family=DOE#x',
      'http.target': '/encounters?mrn=123',
      'url.query': 'mrn=123',
      'url.path': '/encounters',
      'http.response.status_code': 200,
    };
    assert.deepEqual(redactAttributes(attributes), {
      'url.full': 'http://host:3001/encounters',
      'http.target': '/encounters',
      'url.path': '/encounters',
      'http.response.status_code': 200,
    });
    assert.equal(attributes['url.query'], 'mrn=123', 'the span itself is left as it was');
  });

  test('returns the same attributes when there is no query string', () => {
    const attributes = { 'url.full': 'http://host/sagas/1', 'db.query.text': 'SELECT $1' };
    assert.equal(redactAttributes(attributes), attributes);
  });

  test('withoutQuery keeps a URL without query as it is', () => {
    assert.equal(withoutQuery('/sagas/1'), '/sagas/1');
    assert.equal(withoutQuery('/sagas?'), '/sagas');
  });
});

describe('isUntracedPath', () => {
  test('is true for the probes and the Prometheus scrape only', () => {
    for (const path of ['/health', '/health/live', '/health/ready?x=1', '/metrics']) {
      assert.equal(isUntracedPath(path), true, path);
    }
    for (const path of ['/', '/sagas', '/healthcare', '/metrics/x', '/api/health']) {
      assert.equal(isUntracedPath(path), false, path);
    }
  });
});

describe('RedactingSpanExporter', () => {
  test("scrubs a recorded exception's message and stacktrace and the status message, keeping the span as it was", async () => {
    const inner = new InMemorySpanExporter();
    const exporter = new RedactingSpanExporter(inner);
    const made = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: made })],
    });
    const span = provider.getTracer('spec').startSpan('pg.query');
    const error = new Error('invalid input syntax for type integer: "DOEPHI"');
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
    const spans = made.getFinishedSpans();
    const result = await new Promise<ExportResult>((done) => exporter.export(spans, done));
    assert.equal(result.code, ExportResultCode.SUCCESS);
    const [exported] = inner.getFinishedSpans();
    const attributes = exported?.events[0]?.attributes ?? {};
    assert.equal(
      attributes['exception.message'],
      'invalid input syntax for type integer: "[Redacted]"',
    );
    assert.match(
      String(attributes['exception.stacktrace']),
      /^Error: invalid .*\[Redacted\].*\n\s+at /,
    );
    assert.equal(exported?.status.message, 'invalid input syntax for type integer: "[Redacted]"');
    assert.doesNotMatch(JSON.stringify([exported?.events, exported?.status]), /DOEPHI/);
    assert.match(JSON.stringify(spans[0]?.events), /DOEPHI/, "the SDK's span is left as it was");
  });
});
