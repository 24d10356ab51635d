import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger, startTelemetry } from '@meridian/telemetry';
import { createTestDatabase, freePort, getInfra } from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { parseServiceConfig } from '../config/service-config.js';
import type { ServiceConfig } from '../config/service-config.js';
import { ServiceKitModule } from '../service-kit.module.js';

const SERVICE = 'health-probe';

interface ReadinessBody {
  readonly status: string;
  readonly info: Record<string, { readonly status: string }>;
  readonly error: Record<string, { readonly status: string; readonly message?: string }>;
}

interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
}

async function startApp(config: ServiceConfig): Promise<RunningApp> {
  const app = await NestFactory.create(
    ServiceKitModule.register({
      name: SERVICE,
      config,
      telemetry: startTelemetry({ serviceName: SERVICE, env: {} }),
    }),
    {
      logger: new PinoNestLogger(createLogger({ name: SERVICE, level: config.logLevel })),
    },
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

describe('service kit health and metrics against the real stack', () => {
  let database: TestDatabase;
  let config: ServiceConfig;
  let service: RunningApp;

  before(async () => {
    const infra = getInfra();
    database = await createTestDatabase(infra.databaseUrl, 'health_probe');
    config = {
      ...parseServiceConfig({}, { name: SERVICE, port: 0, database: 'health_probe' }),
      port: 0,
      kafkaBrokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      databaseUrl: database.url,
      logLevel: 'warn',
    };
    service = await startApp(config);
  });

  after(async () => {
    await service?.app.close();
    await database?.drop();
  });

  test('liveness answers 200', async () => {
    const response = await fetch(`${service.url}/health/live`);
    assert.equal(response.status, 200);
  });

  test('readiness answers 200 with kafka, schemaRegistry and database up', async () => {
    const response = await fetch(`${service.url}/health/ready`);
    const body = (await response.json()) as ReadinessBody;
    assert.equal(response.status, 200, JSON.stringify(body));
    assert.equal(body.status, 'ok');
    assert.deepEqual(
      Object.fromEntries(Object.entries(body.info).map(([key, value]) => [key, value.status])),
      { kafka: 'up', schemaRegistry: 'up', database: 'up' },
    );
  });

  test('metrics expose http_requests_total for the requests served', async () => {
    await fetch(`${service.url}/health/live`);
    const response = await fetch(`${service.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await response.text();
    assert.match(
      text,
      /^http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/m,
    );
    assert.match(
      text,
      /^http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} [1-9]/m,
    );
    assert.match(text, /^process_cpu_user_seconds_total /m);
  });

  test('readiness answers 503 naming schemaRegistry when the registry port is closed', async () => {
    const port = await freePort();
    const broken = await startApp({
      ...config,
      schemaRegistryUrl: `http://127.0.0.1:${port}/apis/ccompat/v7`,
    });
    try {
      const response = await fetch(`${broken.url}/health/ready`);
      const body = (await response.json()) as ReadinessBody;
      assert.equal(response.status, 503);
      assert.equal(body.status, 'error');
      assert.deepEqual(Object.keys(body.error), ['schemaRegistry']);
      assert.equal(body.error['schemaRegistry']?.status, 'down');
      assert.match(body.error['schemaRegistry']?.message ?? '', /ECONNREFUSED/);
      assert.deepEqual(Object.keys(body.info).sort(), ['database', 'kafka']);
    } finally {
      await broken.app.close();
    }
  });
});
