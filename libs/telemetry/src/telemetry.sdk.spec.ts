import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { startTelemetry } from './telemetry.sdk.js';

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string };
}

interface OtlpTraces {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly OtlpAttribute[] };
    readonly scopeSpans: readonly {
      readonly spans: readonly { readonly name: string; readonly traceId: string }[];
    }[];
  }[];
}

describe('startTelemetry', () => {
  for (const env of [
    {},
    { OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' },
  ]) {
    test(`is off and registers no tracer when the endpoint is ${JSON.stringify(env)}`, async () => {
      const telemetry = startTelemetry({ serviceName: 'off-service', env });
      assert.equal(telemetry.enabled, false);
      const span = trace.getTracer('spec').startSpan('ignored');
      assert.equal(isSpanContextValid(span.spanContext()), false);
      span.end();
      await telemetry.shutdown();
    });
  }

  test('exports spans over OTLP/HTTP to <endpoint>/v1/traces with the service name and version', async () => {
    const received: { path: string | undefined; body: string }[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    collector.listen(0, '127.0.0.1');
    await once(collector, 'listening');
    const { port } = collector.address() as AddressInfo;
    try {
      const telemetry = startTelemetry({
        serviceName: 'spec-service',
        serviceVersion: '1.2.3',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}/` },
      });
      assert.equal(telemetry.enabled, true);
      const span = trace.getTracer('spec').startSpan('spec-work');
      const { traceId } = span.spanContext();
      span.end();
      await telemetry.shutdown();

      assert.equal(received.length, 1);
      assert.equal(received[0]?.path, '/v1/traces');
      const [resourceSpans] = (JSON.parse(received[0]?.body ?? '') as OtlpTraces).resourceSpans;
      const attribute = (key: string): string | undefined =>
        resourceSpans?.resource.attributes.find((a) => a.key === key)?.value.stringValue;
      assert.equal(attribute('service.name'), 'spec-service');
      assert.equal(attribute('service.version'), '1.2.3');
      const exported = resourceSpans?.scopeSpans.flatMap((s) => s.spans);
      assert.deepEqual(
        exported?.map((s) => [s.name, s.traceId]),
        [['spec-work', traceId]],
      );
    } finally {
      collector.close();
    }
  });
});
