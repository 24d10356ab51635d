import type { IncomingMessage } from 'node:http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { SAFE_HEADERS } from './phi-redaction.js';

/**
 * Modules the instrumentations patch that an ES module may import: the ESM loader hook wraps
 * only these (`@nestjs/core` 12 is itself ESM, so its files are matched by path; `express` and
 * `pg` are CommonJS reached from ESM).
 */
export const INSTRUMENTED_MODULES: readonly (string | RegExp)[] = [
  'express',
  'pg',
  /[\\/]node_modules[\\/]@nestjs[\\/]core[\\/]/,
];

/** Probes and scrapes: answered many times a minute, never part of a saga. */
const UNTRACED_PATH = /^\/(health(\/.*)?|metrics)$/;

/** True for `/health`, `/health/*` and `/metrics` (with or without a query string). */
export function isUntracedPath(url: string): boolean {
  return UNTRACED_PATH.test(url.split(/[?#]/, 1)[0] ?? '');
}

/**
 * instrumentation-nestjs-core 0.71 declares `@nestjs/core` `>=4.0.0 <12`; Meridian runs 12,
 * whose `NestFactoryStatic.create` and `RouterExecutionContext.create` (the two methods it wraps)
 * kept their signatures. The same file patches, with the range widened to 12.
 */
class NestCoreInstrumentation extends NestInstrumentation {
  override init(): InstrumentationNodeModuleDefinition {
    const versions = ['>=4.0.0 <13'];
    const nest = new InstrumentationNodeModuleDefinition(NestInstrumentation.COMPONENT, versions);
    nest.files.push(
      this.getNestFactoryFileInstrumentation(versions),
      this.getRouterExecutionContextFileInstrumentation(versions),
    );
    return nest;
  }
}

/**
 * HTTP (server and client), Express, NestJS and pg, set so that no PHI reaches a span:
 * - http: no spans for `/health/*` and `/metrics`; headers only from `SAFE_HEADERS`; no bodies
 *   (the instrumentation never reads them); client spans only inside a trace. Query strings are
 *   removed from every span by `RedactingSpanExporter`.
 * - pg: the parameterised statement (`db.query.text`), never the parameter values
 *   (`enhancedDatabaseReporting: false`); only inside a trace (no spans for pollers).
 * - express: routers and request handlers, not each middleware.
 */
export function createInstrumentations(): Instrumentation[] {
  const headers = { requestHeaders: [...SAFE_HEADERS], responseHeaders: [...SAFE_HEADERS] };
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => isUntracedPath(request.url ?? '/'),
      requireParentforOutgoingSpans: true,
      headersToSpanAttributes: { server: headers, client: headers },
    }),
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    new NestCoreInstrumentation(),
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
  ];
}
