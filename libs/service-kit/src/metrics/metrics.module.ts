import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { HttpMetricsInterceptor } from './http-metrics.interceptor.js';
import { MetricsController } from './metrics.controller.js';

/** One registry per application (not prom-client's global one), with Node's default metrics. */
function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * `GET /metrics` in Prometheus text, Node's default metrics and `http_requests_total` /
 * `http_request_duration_seconds` for every request. Global: a feature module injects `Registry`
 * to add its own metrics.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: Registry, useFactory: createRegistry },
    { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor },
  ],
  exports: [Registry],
})
export class MetricsModule {}
