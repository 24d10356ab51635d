// The kit's auth guard and audit trail in a real Nest app, with tokens from the stack's Keycloak
// and the audit records read back from audit.v1 (relayed from the app's outbox).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Topics } from '@meridian/contracts';
import { createLogger, PinoNestLogger, startTelemetry } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  harnessToken,
  roleToken,
  tapTopic,
  type TestDatabase,
  type TopicTap,
} from '@meridian/testing';
import { parseServiceConfig, type ServiceConfig } from '../config/service-config.js';
import { ServiceMessagingHost } from '../messaging/service-messaging.js';
import { ServiceKitModule } from '../service-kit.module.js';
import { Authorize, Public } from './authorize.js';
import { Audit, CurrentCaller, requireRole, type AuditNote, type Caller } from './call.js';

const SERVICE = 'auth-probe';

@Controller('probe')
class ProbeController {
  @Get('open')
  @Public()
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('census')
  @Authorize(['bed-manager', 'admin'])
  census(@CurrentCaller() caller: Caller): { username: string | undefined } {
    return { username: caller.username };
  }

  @Post('tasks/:taskId/complete')
  @Authorize(['coder'])
  complete(@Param('taskId') taskId: string, @Audit() audit: AuditNote): { taskId: string } {
    audit.businessKey = `ENC-${taskId}`;
    return { taskId };
  }

  @Get('messages/:id')
  @Authorize(['sre-operator', 'phi-reader'], {
    phi: (request) => request.query['include'] === 'rawPayload',
  })
  message(
    @Param('id') id: string,
    @Query('include') include: string | undefined,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
  ): { id: string; raw?: string } {
    if (include !== 'rawPayload') return { id };
    requireRole(caller, 'phi-reader', 'the raw payload');
    audit.phiRead = true;
    return { id, raw: 'MSH|...' };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

@Controller('undeclared')
class UndeclaredController {
  @Post()
  write(): { written: true } {
    return { written: true };
  }
}

@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

function kit(config: ServiceConfig, feature: typeof ProbeModule | typeof UndeclaredModule) {
  const logger = createLogger({ name: SERVICE, level: 'warn' });
  return {
    logger,
    module: {
      module: feature,
      imports: [
        ServiceKitModule.register({
          name: SERVICE,
          config,
          telemetry: startTelemetry({ serviceName: SERVICE, env: {} }),
          messaging: { produces: [], consumes: false, logger },
        }),
      ],
    },
  };
}

describe('auth guard and audit trail against Keycloak and Kafka', () => {
  let database: TestDatabase;
  let config: ServiceConfig;
  let app: INestApplication;
  let url: string;
  let audits: TopicTap;

  before(async () => {
    const infra = getInfra();
    database = await createTestDatabase(infra.databaseUrl, 'auth_probe');
    config = {
      ...parseServiceConfig({}, { name: SERVICE, port: 0, database: 'auth_probe' }),
      kafkaBrokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      databaseUrl: database.url,
      oidcIssuer: infra.oidcIssuer,
      logLevel: 'warn',
    };
    const { logger, module } = kit(config, ProbeModule);
    app = await NestFactory.create(module, { logger: new PinoNestLogger(logger) });
    await app.listen(0, '127.0.0.1');
    await app.get(ServiceMessagingHost).start(app);
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    audits = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: Topics.AuditV1.name,
    });
  });

  after(async () => {
    await audits?.stop();
    await app?.close();
    await database?.drop();
  });

  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: init.token ? { authorization: `Bearer ${init.token}` } : {},
    });

  const problem = async (response: Response, status: number) => {
    assert.equal(response.status, status, await response.clone().text());
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    return (await response.json()) as { type: string; detail: string; requiredRoles?: string[] };
  };

  const auditOf = async (resource: string) => {
    const [record] = await audits.waitFor((m) => m.value['resource'] === resource, 1, 30_000);
    assert.ok(record);
    return record.value;
  };

  it('answers a public route without a token', async () => {
    assert.equal((await call('/probe/open')).status, 200);
  });

  it('refuses a call without a token: 401 problem+json with the bearer challenge', async () => {
    const response = await call('/probe/census');
    const body = await problem(response, 401);
    assert.equal(body.type, 'urn:meridian:problem:unauthorized');
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="meridian"');
  });

  it('refuses a malformed or forged token with invalid_token', async () => {
    const garbage = await call('/probe/census', { token: 'abc.def.ghi' });
    await problem(garbage, 401);
    assert.match(garbage.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const [header, payload] = (await roleToken('bed-manager')).split('.');
    const tampered = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const body = await problem(await call('/probe/census', { token: tampered }), 401);
    assert.match(body.detail, /signature/);
  });

  it('refuses a Keycloak token without the route role: 403 naming the roles, and lets the role in', async () => {
    const body = await problem(
      await call('/probe/census', { token: await roleToken('coder') }),
      403,
    );
    assert.deepEqual(body.requiredRoles, ['bed-manager', 'admin']);
    const allowed = await call('/probe/census', { token: await roleToken('bed-manager') });
    assert.equal(allowed.status, 200);
    assert.deepEqual(await allowed.json(), { username: 'bed-manager' });
  });

  it('audits a mutating call with who, role, business key, outcome and trace', async () => {
    const response = await call('/probe/tasks/T-1/complete', {
      method: 'POST',
      token: await roleToken('coder'),
    });
    assert.equal(response.status, 201);
    const record = await auditOf('/probe/tasks/T-1/complete');
    assert.equal(record['action'], 'POST /probe/tasks/:taskId/complete');
    assert.equal(record['username'], 'coder');
    assert.equal(record['clientId'], 'meridian-cli');
    assert.equal(record['role'], 'coder');
    assert.equal(record['businessKey'], 'ENC-T-1');
    assert.equal(record['outcome'], 'SUCCEEDED');
    assert.equal(record['httpStatus'], 201);
    assert.equal(record['phiRead'], false);
  });

  it('audits refused mutating calls as DENIED, with no caller when no token came', async () => {
    await call('/probe/tasks/T-2/complete', { method: 'POST' });
    const anonymous = await auditOf('/probe/tasks/T-2/complete');
    assert.equal(anonymous['outcome'], 'DENIED');
    assert.equal(anonymous['httpStatus'], 401);
    assert.equal(anonymous['subject'], null);
    assert.equal(anonymous['businessKey'], 'T-2', 'the first path parameter by default');
    await call('/probe/tasks/T-3/complete', { method: 'POST', token: await roleToken('ap-clerk') });
    const wrongRole = await auditOf('/probe/tasks/T-3/complete');
    assert.equal(wrongRole['outcome'], 'DENIED');
    assert.equal(wrongRole['httpStatus'], 403);
    assert.equal(wrongRole['username'], 'ap-clerk');
    assert.equal(wrongRole['role'], null);
  });

  it('gives the raw payload only to phi-reader, and audits the PHI read (also the refused one)', async () => {
    const operator = await roleToken('sre-operator');
    const plain = await call('/probe/messages/M-1', { token: operator });
    assert.deepEqual(await plain.json(), { id: 'M-1' });
    const refused = await problem(
      await call('/probe/messages/M-2?include=rawPayload', { token: operator }),
      403,
    );
    assert.deepEqual(refused.requiredRoles, ['phi-reader']);
    const raw = await call('/probe/messages/M-3?include=rawPayload', {
      token: await roleToken('phi-reader'),
    });
    assert.equal(((await raw.json()) as { raw?: string }).raw, 'MSH|...');
    const denied = await auditOf('/probe/messages/M-2');
    assert.equal(denied['phiRead'], true);
    assert.equal(denied['outcome'], 'DENIED');
    await call('/probe/messages/M-4?include=rawPayload', { token: await roleToken('coder') });
    const wrongRole = await auditOf('/probe/messages/M-4');
    assert.equal(wrongRole['phiRead'], true, 'refused by the route: still a PHI read attempt');
    assert.equal(wrongRole['httpStatus'], 403);
    const read = await auditOf('/probe/messages/M-3');
    assert.equal(read['action'], 'READ_PHI GET /probe/messages/:id');
    assert.equal(read['phiRead'], true);
    assert.equal(read['outcome'], 'SUCCEEDED');
    assert.equal(
      audits.messages((m) => m.value['resource'] === '/probe/messages/M-1').length,
      0,
      'a read without PHI is not audited',
    );
  });

  it('takes the harness service account, which holds every role, everywhere', async () => {
    const token = await harnessToken();
    assert.equal((await call('/probe/census', { token })).status, 200);
  });

  it('refuses to start an app with a route that declares no access, naming it', async () => {
    const { logger, module } = kit(config, UndeclaredModule);
    const undeclared = await NestFactory.create(module, {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    await assert.rejects(
      undeclared.init(),
      /routes without @Authorize, @AuthenticatedBy or @Public: UndeclaredController\.write \(\/undeclared\)/,
    );
    await undeclared.close().catch(() => undefined);
  });
});
