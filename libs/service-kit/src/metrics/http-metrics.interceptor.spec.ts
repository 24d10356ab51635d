import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { Registry } from 'prom-client';
import { of } from 'rxjs';
import { HttpMetricsInterceptor } from './http-metrics.interceptor.js';

describe('HttpMetricsInterceptor', () => {
  test('passes a Kafka handler (an rpc context) through untouched and counts nothing', async () => {
    const registry = new Registry();
    const interceptor = new HttpMetricsInterceptor(registry);
    const rpc = {
      getType: () => 'rpc',
      switchToHttp: () => assert.fail('an rpc context is not read as HTTP'),
    } as unknown as ExecutionContext;
    const handled = of('handled');
    const next: CallHandler = { handle: () => handled };
    assert.equal(interceptor.intercept(rpc, next), handled);
    const requests = await registry.getSingleMetric('http_requests_total')?.get();
    assert.deepEqual(requests?.values, []);
  });
});
