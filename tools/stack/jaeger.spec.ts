import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig } from './config.ts';
import { jaegerConfigYaml, jaegerEndpoints } from './jaeger.ts';

/** The indented block under `key:` (up to the next line indented as little as the key). */
function block(yaml: string, key: string): string {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
  assert.ok(start >= 0, `no '${key}:' in\n${yaml}`);
  const indent = (lines[start] ?? '').search(/\S/);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.trim() !== '' && l.search(/\S/) <= indent);
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

describe('jaegerConfigYaml', () => {
  const config = loadStackConfig({
    JAEGER_OTLP_GRPC_PORT: '24317',
    JAEGER_OTLP_HTTP_PORT: '24318',
    JAEGER_UI_PORT: '26686',
    JAEGER_RETENTION: '36h',
  });
  const yaml = jaegerConfigYaml(config, '/srv/meridian home/data/jaeger');

  it('receives OTLP on the configured gRPC and HTTP ports, on loopback only', () => {
    const otlp = block(yaml, 'otlp');
    assert.match(block(otlp, 'grpc'), /endpoint: 127\.0\.0\.1:24317$/m);
    assert.match(block(otlp, 'http'), /endpoint: 127\.0\.0\.1:24318$/m);
  });

  it('serves the query API and UI on the configured UI port', () => {
    assert.match(block(block(yaml, 'jaeger_query'), 'http'), /endpoint: 127\.0\.0\.1:26686$/m);
  });

  it('keeps spans in persistent badger storage under the data dir for the configured retention', () => {
    const badger = block(yaml, 'badger');
    assert.match(badger, /keys: "\/srv\/meridian home\/data\/jaeger\/keys"$/m);
    assert.match(badger, /values: "\/srv\/meridian home\/data\/jaeger\/values"$/m);
    assert.match(badger, /ephemeral: false$/m);
    assert.match(block(badger, 'ttl'), /spans: 36h$/m);
  });

  it('stores what the OTLP receiver gets in the store the query extension reads', () => {
    assert.match(block(yaml, 'jaeger_storage_exporter'), /trace_storage: local_store$/m);
    assert.match(block(block(yaml, 'jaeger_query'), 'storage'), /traces: local_store$/m);
    assert.match(block(yaml, 'backends'), /^ {6}local_store:$/m);
  });
});

describe('jaegerEndpoints', () => {
  it('points at the stack-run Jaeger on the configured ports', () => {
    assert.deepEqual(
      jaegerEndpoints(loadStackConfig({ JAEGER_OTLP_HTTP_PORT: '24318', JAEGER_UI_PORT: '26686' })),
      { otlpEndpoint: 'http://localhost:24318', jaegerUrl: 'http://localhost:26686' },
    );
  });

  it('uses the external Jaeger when both variables name it', () => {
    assert.deepEqual(
      jaegerEndpoints(
        loadStackConfig({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          JAEGER_URL: 'http://jaeger:16686',
        }),
      ),
      { otlpEndpoint: 'http://collector:4318', jaegerUrl: 'http://jaeger:16686' },
    );
  });
});
