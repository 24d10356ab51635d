import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP/HTTP trace receiver in the test process: every service's spans as they left it. */
export interface SpanCollector {
  /** Give it to a service as `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly endpoint: string;
  /** Every request body received on `/v1/traces` (OTLP JSON), in order. */
  bodies(): readonly string[];
  /** The names of the spans received, per `service.name`. */
  spanNames(): ReadonlyMap<string, readonly string[]>;
  close(): Promise<void>;
}

interface OtlpTraces {
  readonly resourceSpans?: readonly {
    readonly resource?: {
      readonly attributes?: readonly {
        readonly key: string;
        readonly value: { readonly stringValue?: string };
      }[];
    };
    readonly scopeSpans?: readonly { readonly spans?: readonly { readonly name: string }[] }[];
  }[];
}

/**
 * Starts a receiver of OTLP/HTTP JSON traces (what `startTelemetry`'s exporter sends) on a free
 * port of 127.0.0.1. For tests that look at spans as exported, after redaction: the PHI scan of
 * the whole platform points every service at it and scans `bodies()` (see `findMarkers`).
 */
export async function startSpanCollector(): Promise<SpanCollector> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') received.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bodies: () => [...received],
    spanNames: () => {
      const names = new Map<string, string[]>();
      for (const body of received) {
        for (const resource of (JSON.parse(body) as OtlpTraces).resourceSpans ?? []) {
          const service =
            resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value
              .stringValue ?? '';
          const spans = resource.scopeSpans?.flatMap((scope) => scope.spans ?? []) ?? [];
          names.set(service, [...(names.get(service) ?? []), ...spans.map((s) => s.name)]);
        }
      }
      return names;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
