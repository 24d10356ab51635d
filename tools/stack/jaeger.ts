import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { daemonFor, type Component } from './component.ts';
import { stackPaths, type JaegerEndpoints, type StackConfig } from './config.ts';
import { ensureGoTool, goToolBinary, goToolModule, JAEGER, resolveGo } from './go-tools.ts';
import { assertPortsFree, startDaemon } from './process.ts';

/** The stack's own Jaeger, or the one OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_URL name. */
export function jaegerEndpoints(config: StackConfig): JaegerEndpoints {
  return (
    config.jaeger.external ?? {
      otlpEndpoint: `http://localhost:${config.jaeger.otlpHttpPort}`,
      jaegerUrl: `http://localhost:${config.jaeger.uiPort}`,
    }
  );
}

/**
 * Health: the query API lists services (`GET /api/services` 200 with a `data` array) and the
 * OTLP/HTTP receiver accepts an empty export (200), so spans sent now are stored.
 */
export async function jaegerAnswers(endpoints: JaegerEndpoints): Promise<boolean> {
  try {
    const services = await fetch(`${endpoints.jaegerUrl}/api/services`, {
      signal: AbortSignal.timeout(2_000),
    });
    if (services.status !== 200) return false;
    const body = (await services.json()) as { data?: unknown };
    if (!Array.isArray(body.data)) return false;
    const otlp = await fetch(`${endpoints.otlpEndpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceSpans: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    await otlp.body?.cancel();
    return otlp.status === 200;
  } catch {
    return false;
  }
}

/**
 * Jaeger v2's configuration (an OpenTelemetry Collector config, keys as in Jaeger's
 * cmd/jaeger/config-badger.yaml): OTLP in on gRPC and HTTP, spans kept in badger under `dataDir`
 * for `retention`, the query API and UI on the UI port. Everything listens on 127.0.0.1 only; the
 * query gRPC API, which nothing here uses, takes a free port; Jaeger neither traces itself nor
 * serves its own metrics, so it needs no further port.
 */
export function jaegerConfigYaml(config: StackConfig, dataDir: string): string {
  const { otlpGrpcPort, otlpHttpPort, uiPort, retention } = config.jaeger;
  const quoted = (path: string): string => JSON.stringify(path);
  return `# Written by the Meridian stack CLI on every start; edit tools/stack/jaeger.ts instead.
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
    logs:
      level: info

extensions:
  jaeger_query:
    storage:
      traces: local_store
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:${uiPort}
    grpc:
      endpoint: 127.0.0.1:0

  jaeger_storage:
    backends:
      local_store:
        badger:
          directories:
            keys: ${quoted(join(dataDir, 'keys'))}
            values: ${quoted(join(dataDir, 'values'))}
          ephemeral: false
          ttl:
            spans: ${retention}

receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${otlpGrpcPort}
      http:
        endpoint: 127.0.0.1:${otlpHttpPort}

processors:
  batch:

exporters:
  jaeger_storage_exporter:
    trace_storage: local_store
`;
}

export function jaegerComponent(config: StackConfig): Component {
  const paths = stackPaths(config);
  const endpoints = jaegerEndpoints(config);
  const daemon = daemonFor('jaeger', paths.run, paths.logs);
  const { version } = goToolModule(JAEGER, config);
  const { otlpGrpcPort, otlpHttpPort, uiPort } = config.jaeger;
  return {
    name: 'jaeger',
    label: `Jaeger v2 (module ${version}, badger storage)`,
    endpoint: endpoints.jaegerUrl,
    external: config.jaeger.external !== undefined,
    daemon,
    startTimeoutMs: 60_000,
    healthy: () => jaegerAnswers(endpoints),
    async preflight() {
      if (!existsSync(goToolBinary(JAEGER, config))) resolveGo(`Jaeger ${version}`);
      await assertPortsFree(
        [otlpGrpcPort, otlpHttpPort, uiPort],
        'Jaeger',
        'JAEGER_OTLP_GRPC_PORT / JAEGER_OTLP_HTTP_PORT / JAEGER_UI_PORT',
      );
    },
    async start(log) {
      const binary = await ensureGoTool(JAEGER, log, config);
      const confDir = join(config.home, 'conf', 'jaeger');
      const dataDir = join(paths.data, 'jaeger');
      mkdirSync(confDir, { recursive: true });
      mkdirSync(dataDir, { recursive: true });
      const configFile = join(confDir, 'config.yaml');
      writeFileSync(configFile, jaegerConfigYaml(config, dataDir));
      startDaemon(daemon, binary, ['--config', configFile], { cwd: dataDir });
    },
  };
}
