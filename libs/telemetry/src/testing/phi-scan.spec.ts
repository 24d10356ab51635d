import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { createLogger } from '../logger.factory.js';
import { startTelemetry } from '../telemetry.sdk.js';
import { findMarkers } from './phi-markers.js';
import { startSpanCollector } from './span-collector.js';

const MARKERS = ['ZZPHIMARKER', 'MRN-ZZ-90817', '1931-02-29'];

describe('findMarkers', () => {
  test('finds a marker in any case, URL-encoded or JSON-escaped, naming source and form', () => {
    const hits = findMarkers(
      {
        stdout: '{"msg":"x","who":"zzphimarker"}',
        spans: '{"url":"/p?mrn=MRN-ZZ-90817&family=ZZPHIMARKER%20JR"}',
        clean: '{"encounterId":"MGH:V1","dob":"[Redacted]"}',
      },
      [...MARKERS, 'ZZPHIMARKER JR', 'O"BRIEN'],
    );
    assert.deepEqual(
      hits.map((h) => [h.source, h.marker, h.form]),
      [
        ['stdout', 'ZZPHIMARKER', 'as is'],
        ['spans', 'ZZPHIMARKER', 'as is'],
        ['spans', 'MRN-ZZ-90817', 'as is'],
        ['spans', 'ZZPHIMARKER JR', 'URL-encoded'],
      ],
    );
    assert.match(hits[0]?.excerpt ?? '', /"who":"zzphimarker"/);
    assert.deepEqual(
      findMarkers({ log: 'name "O\\"BRIEN"' }, ['O"BRIEN']).map((h) => h.form),
      ['JSON-escaped'],
    );
  });
});

describe('the PHI scan over a logger and spans exported to a collector', () => {
  test('finds none of the markers logged or recorded through the redacting paths, and finds them when written raw', async () => {
    const collector = await startSpanCollector();
    const lines: string[] = [];
    try {
      const telemetry = startTelemetry({
        serviceName: 'phi-scan-spec',
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint },
      });
      const logger = createLogger({ name: 'spec', destination: { write: (l) => lines.push(l) } });
      const span = trace.getTracer('spec').startSpan('GET /patients', {
        attributes: { 'url.full': `http://h/patients?family=${MARKERS[0]}&mrn=${MARKERS[1]}` },
      });
      const error = new Error(`invalid input syntax for type date: "${MARKERS[2]}"`);
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.end();
      logger.error({ err: error, patientMrn: MARKERS[1] }, 'lookup failed');
      logger.error(error);
      await telemetry.shutdown();

      assert.deepEqual([...collector.spanNames()], [['phi-scan-spec', ['GET /patients']]]);
      const sources = { stdout: lines.join(''), spans: collector.bodies().join('\n') };
      assert.deepEqual(findMarkers(sources, MARKERS), []);
      assert.equal(
        findMarkers({ raw: `${error.message} ${MARKERS[0]}` }, MARKERS).length,
        2,
        'the scan does find what it looks for',
      );
    } finally {
      await collector.close();
    }
  });
});
