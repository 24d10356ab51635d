import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EncounterDischarged, Topics } from '@meridian/contracts';
import type { TopicContract } from '@meridian/contracts';
import { defineSaga, hours, HumanTask, minutes, SagaInstance } from '@meridian/saga';
import type { RegisteredSaga, SagaStatus } from '@meridian/saga';
import { ServiceMessagingHost } from '@meridian/service-kit';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { createLogger, PinoNestLogger, startTelemetry } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  roleToken,
  tapTopic,
  TESTS_CLIENT,
  uniqueName,
  withBearer,
} from '@meridian/testing';
import type { TestDatabase, TopicTap } from '@meridian/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { parseConfig } from '../config/app.config.js';
import type { AppConfig } from '../config/app.config.js';

/**
 * A saga of its own, triggered on a fresh topic: the engine runs for real but never sees the
 * shared topics of the platform's sagas (a test must not start real sagas or send commands).
 */
function probeSaga(): RegisteredSaga {
  const trigger: TopicContract<unknown> = {
    name: uniqueName('saga_api_trigger'),
    partitions: 1,
    key: 'encounterId',
    records: [EncounterDischarged],
  };
  return defineSaga<{ encounterId: string }>('api-probe', 1)
    .startedBy(EncounterDischarged, {
      topic: trigger,
      businessKey: (m) => m.encounterId,
      data: (m) => ({ encounterId: m.encounterId }),
    })
    .policy({
      replyTimeoutMs: minutes(1),
      retry: { attempts: 1, initialDelayMs: 1_000, multiplier: 2, maxDelayMs: 1_000 },
      incident: { backoffMs: 1_000, maxBackoffMs: 1_000, windowMs: minutes(1) },
      team: 'revenue-integrity',
      escalateAfterMs: hours(1),
    })
    .wait('Pause', { timerMs: () => minutes(1) })
    .wait('Review', { task: { type: 'CODING_REVIEW', team: 'coders' } })
    .build();
}

/** The harness token's user (the meridian-tests client's service account). */
const HARNESS_USER = `service-account-${TESTS_CLIENT}`;

interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
}

async function startApp(config: AppConfig, definitions: readonly RegisteredSaga[]) {
  const logger = createLogger({ name: 'saga-orchestrator', level: config.logLevel });
  const app = await NestFactory.create(
    AppModule.register({
      config,
      telemetry: startTelemetry({ serviceName: 'saga-orchestrator', env: {} }),
      logger,
      definitions,
      group: uniqueName('saga_api'),
    }),
    { logger: new PinoNestLogger(logger) },
  );
  await app.listen(0, '127.0.0.1');
  // What bootstrapService does once the app listens: messaging, with the engine on it.
  await app.get(ServiceMessagingHost).start(app);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` } satisfies RunningApp;
}

interface Page {
  readonly items: readonly { id: string; businessKey: string; status: SagaStatus }[];
  readonly nextCursor: string | null;
}

describe('saga-orchestrator API against the real stack', () => {
  const probe = probeSaga();
  let database: TestDatabase;
  let config: AppConfig;
  let service: RunningApp;
  let audits: TopicTap;
  const key = uniqueName('E');
  const older = randomUUID();
  const newer = randomUUID();

  /** A saga row as the engine stores it, written directly: the API reads what is there. */
  async function insertSaga(
    id: string,
    businessKey: string,
    startedAt: Date,
    at: Partial<Pick<SagaInstance, 'status' | 'stepIndex' | 'incident' | 'lastError'>> = {},
  ): Promise<void> {
    await service.app
      .get(DataSource)
      .getRepository(SagaInstance)
      .insert({
        id,
        sagaType: probe.name,
        definitionVersion: probe.version,
        businessKey,
        dedupeKey: businessKey,
        triggerMessageId: randomUUID(),
        status: 'COMPLETED',
        stepIndex: probe.steps.length,
        direction: 'forward',
        attempt: 0,
        data: { encounterId: businessKey },
        pendingCommandId: null,
        lastError: null,
        incident: null,
        ...at,
        history: [
          {
            step: 'Pause',
            direction: 'forward',
            event: 'timer-elapsed',
            at: startedAt.toISOString(),
            attempt: 0,
          },
        ],
        traceContext: {},
        stateVersion: 2,
        startedAt,
        updatedAt: startedAt,
      });
  }

  /**
   * A saga WAITING on the probe's Review task, with that task open in `team`'s queue: as the engine
   * leaves it.
   */
  async function insertWaiting(
    businessKey: string,
    team = 'coders',
  ): Promise<{ sagaId: string; taskId: string }> {
    const sagaId = randomUUID();
    const taskId = randomUUID();
    await insertSaga(sagaId, businessKey, new Date(), { status: 'WAITING', stepIndex: 1 });
    await service.app
      .get(DataSource)
      .getRepository(HumanTask)
      .insert({
        id: taskId,
        sagaId,
        sagaType: probe.name,
        stepName: 'Review',
        taskType: 'CODING_REVIEW',
        team,
        status: 'OPEN',
        reasonCode: 'NO_PRINCIPAL_DIAGNOSIS',
        reason: 'the encounter has no principal diagnosis',
        details: { encounterId: businessKey },
        dueAt: new Date(Date.now() + hours(1)),
        input: null,
        action: null,
        note: null,
        completedAt: null,
      });
    return { sagaId, taskId };
  }

  /** The API with the harness token (every role), or `token`'s. */
  const call = async (path: string, init: RequestInit = {}, token?: string): Promise<Response> =>
    fetch(
      `${service.url}${path}`,
      await withBearer(
        token ? { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } } : init,
      ),
    );

  const complete = (taskId: string, body: unknown, token?: string): Promise<Response> =>
    call(
      `/human-tasks/${taskId}/complete`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      token,
    );

  before(async () => {
    const infra = getInfra();
    database = await createTestDatabase(infra.databaseUrl, 'saga_orchestrator');
    config = {
      ...parseConfig({}),
      port: 0,
      kafkaBrokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      databaseUrl: database.url,
      oidcIssuer: infra.oidcIssuer,
      logLevel: 'warn',
    };
    service = await startApp(config, [probe]);
    audits = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: Topics.AuditV1.name,
    });
  });

  after(async () => {
    await audits?.stop();
    await service?.app.close();
    await database?.drop();
  });

  test('is ready once migrations ran and the engine started', async () => {
    const body = await bodyOf<{ status: string }>(await fetch(`${service.url}/health/ready`), 200);
    assert.equal(body.status, 'ok');
  });

  test('lists no sagas in a fresh database', async () => {
    const page = await bodyOf<Page>(await call(`/sagas`), 200);
    assert.deepEqual(page, { items: [], nextCursor: null });
  });

  test('answers 404 problem+json for a saga id that does not exist', async () => {
    const id = randomUUID();
    const problem = await problemOf(await call(`/sagas/${id}`), 404);
    assert.equal(problem.instance, `/sagas/${id}`);
    assert.match(problem.detail ?? '', new RegExp(id));
  });

  test('answers 400 naming id for a malformed saga id', async () => {
    const problem = await problemOf(await call(`/sagas/not-a-uuid`), 400);
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['id'],
    );
  });

  test('answers 400 naming status for an unknown status', async () => {
    const problem = await problemOf(await call(`/sagas?status=BOGUS`), 400);
    assert.equal(problem.errors?.[0]?.field, 'status');
    assert.match(problem.errors?.[0]?.message ?? '', /one of RUNNING, WAITING/);
  });

  test('answers 400 naming every bad parameter: limit out of range, a forged cursor', async () => {
    const problem = await problemOf(
      await call(`/sagas?limit=500&cursor=bm90LWEtY3Vyc29y&sort=asc`),
      400,
    );
    assert.deepEqual(problem.errors?.map((e) => e.field).sort(), ['cursor', 'limit', 'sort']);
  });

  test('answers 409 problem+json when retrying a completed saga', async () => {
    await insertSaga(older, `${key}-1`, new Date('2026-11-20T10:00:00.000Z'));
    await insertSaga(newer, `${key}-2`, new Date('2026-11-21T10:00:00.000Z'));
    const problem = await problemOf(await call(`/sagas/${older}/retry`, { method: 'POST' }), 409);
    assert.equal(problem.instance, `/sagas/${older}/retry`);
  });

  test('answers 404 when cancelling a saga that does not exist', async () => {
    await problemOf(await call(`/sagas/${randomUUID()}/cancel`, { method: 'POST' }), 404);
  });

  test('finds a saga by business key', async () => {
    const page = await bodyOf<Page>(await call(`/sagas?businessKey=${key}-1`), 200);
    assert.deepEqual(
      page.items.map((s) => [s.id, s.businessKey, s.status]),
      [[older, `${key}-1`, 'COMPLETED']],
    );
    assert.equal(page.nextCursor, null);
  });

  test('shows one saga with its data and step history', async () => {
    const saga = await bodyOf<Record<string, unknown>>(await call(`/sagas/${older}`), 200);
    assert.equal(saga['type'], 'api-probe');
    assert.equal(saga['status'], 'COMPLETED');
    assert.deepEqual(saga['data'], { encounterId: `${key}-1` });
    assert.equal((saga['history'] as unknown[]).length, 1);
    assert.equal(saga['lastError'], null);
    assert.equal(saga['incident'], null);
    assert.equal(saga['startedAt'], '2026-11-20T10:00:00.000Z');
    assert.deepEqual(saga['humanTasks'], []);
  });

  test('pages newest first, one at a time, with the cursor', async () => {
    const first = await bodyOf<Page>(await call(`/sagas?type=api-probe&limit=1`), 200);
    assert.deepEqual(
      first.items.map((s) => s.id),
      [newer],
    );
    assert.ok(first.nextCursor);
    const second = await bodyOf<Page>(
      await call(`/sagas?type=api-probe&limit=1&cursor=${first.nextCursor}`),
      200,
    );
    assert.deepEqual(
      second.items.map((s) => s.id),
      [older],
    );
    assert.equal(second.nextCursor, null);
  });

  test('lists no open human tasks and answers 404 for completing an unknown one', async () => {
    const tasks = await bodyOf<{ items: unknown[] }>(await call(`/human-tasks`), 200);
    assert.deepEqual(tasks.items, []);
    await problemOf(
      await call(`/human-tasks/${randomUUID()}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { approved: true } }),
      }),
      404,
    );
  });

  test('answers 400 naming input when the completion input is not an object', async () => {
    const problem = await problemOf(
      await call(`/human-tasks/${randomUUID()}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'approved' }),
      }),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['input'],
    );
  });

  test('shows the incident of a SUSPENDED saga', async () => {
    const id = randomUUID();
    const incident = { since: '2026-11-22T10:04:00.000Z', retries: 3 };
    const lastError = {
      code: 'TIMEOUT',
      message: 'no reply within 60000 ms',
      retriable: true,
      details: null,
    };
    await insertSaga(id, `${key}-s`, new Date('2026-11-22T10:00:00.000Z'), {
      status: 'SUSPENDED',
      stepIndex: 0,
      incident,
      lastError,
    });
    const saga = await bodyOf<Record<string, unknown>>(await call(`/sagas/${id}`), 200);
    assert.equal(saga['status'], 'SUSPENDED');
    assert.deepEqual(saga['incident'], incident);
    assert.deepEqual(saga['lastError'], lastError);
    const listed = await bodyOf<{ items: { id: string; incident: unknown }[] }>(
      await call(`/sagas?status=SUSPENDED&businessKey=${key}-s`),
      200,
    );
    assert.deepEqual(
      listed.items.map((s) => [s.id, s.incident]),
      [[id, incident]],
    );
  });

  test('lists open tasks filtered by team, type, saga type and status, with their reason and details', async () => {
    const { sagaId, taskId } = await insertWaiting(`${key}-t`);
    type TaskList = { items: { id: string; [field: string]: unknown }[] };
    const ids = async (query: string): Promise<string[]> =>
      (await bodyOf<TaskList>(await call(`/human-tasks?${query}`), 200)).items.map((t) => t.id);
    const { items } = await bodyOf<TaskList>(
      await call(`/human-tasks?team=coders&type=CODING_REVIEW&sagaType=api-probe`),
      200,
    );
    assert.deepEqual(
      items.map((t) => t.id),
      [taskId],
    );
    assert.equal(items[0]?.['sagaId'], sagaId);
    assert.equal(items[0]?.['team'], 'coders');
    assert.equal(items[0]?.['sagaType'], 'api-probe');
    assert.equal(items[0]?.['reasonCode'], 'NO_PRINCIPAL_DIAGNOSIS');
    assert.equal(items[0]?.['reason'], 'the encounter has no principal diagnosis');
    assert.deepEqual(items[0]?.['details'], { encounterId: `${key}-t` });
    assert.equal(items[0]?.['action'], null);
    assert.deepEqual(await ids('team=revenue-integrity'), []);
    assert.deepEqual(await ids('type=PAYER_UNKNOWN'), []);
    assert.deepEqual(await ids('sagaType=discharge-to-revenue'), []);
    assert.deepEqual(await ids('status=COMPLETED&team=coders'), []);
    assert.ok((await ids('limit=1')).length <= 1);
    const problem = await problemOf(await call(`/human-tasks?queue=coders`), 400);
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['queue'],
    );
  });

  test('answers 400 naming action for an action that is not retry, skip or compensate', async () => {
    const { taskId } = await insertWaiting(`${key}-a`);
    const problem = await problemOf(await complete(taskId, { action: 'approve', note: 5 }), 400);
    assert.deepEqual(problem.errors?.map((e) => e.field).sort(), ['action', 'note']);
  });

  test('answers 409 problem+json for an action the task does not allow, and leaves the task open', async () => {
    const { sagaId, taskId } = await insertWaiting(`${key}-r`);
    // A wait step sends no command: there is nothing to retry.
    const problem = await problemOf(await complete(taskId, { action: 'retry' }), 409);
    assert.equal(problem.type, 'urn:meridian:problem:illegal-transition');
    assert.equal(problem.instance, `/human-tasks/${taskId}/complete`);
    const saga = await bodyOf<{ status: string; humanTasks: { status: string }[] }>(
      await call(`/sagas/${sagaId}`),
      200,
    );
    assert.equal(saga.status, 'WAITING');
    assert.deepEqual(
      saga.humanTasks.map((t) => t.status),
      ['OPEN'],
    );
  });

  test('completes a task with its action, note and input: the saga moves on and the task keeps the decision and the caller who made it', async () => {
    const { sagaId, taskId } = await insertWaiting(`${key}-c`);
    const response = await complete(taskId, {
      action: 'skip',
      note: 'coded by hand',
      input: { codes: 'I21.4' },
    });
    const saga = await bodyOf<{
      id: string;
      status: string;
      humanTasks: { id: string; status: string; action: string; note: string; input: unknown }[];
    }>(response, 200);
    assert.equal(saga.id, sagaId);
    assert.equal(saga.status, 'COMPLETED');
    const [task] = saga.humanTasks;
    assert.equal(task?.id, taskId);
    assert.equal(task?.status, 'COMPLETED');
    assert.equal(task?.action, 'skip');
    assert.equal(task?.note, 'coded by hand');
    assert.deepEqual(task?.input, { codes: 'I21.4', completedBy: HARNESS_USER });
    const again = await problemOf(await complete(taskId, { action: 'skip' }), 409);
    assert.match(again.detail ?? '', /COMPLETED/);
  });

  test('answers 400 naming every input field that names who acted (the completer is the caller), and leaves the task open', async () => {
    const { sagaId, taskId } = await insertWaiting(`${key}-by`);
    const problem = await problemOf(
      await complete(taskId, {
        action: 'skip',
        input: {
          resolution: { exceptionId: randomUUID(), action: 'ACCEPT_VARIANCE', resolvedBy: 'x' },
          completedBy: 'someone-else',
        },
      }),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['input.resolution.resolvedBy', 'input.completedBy'],
    );
    const saga = await bodyOf<{ status: string; humanTasks: { status: string }[] }>(
      await call(`/sagas/${sagaId}`),
      200,
    );
    assert.equal(saga.status, 'WAITING');
    assert.deepEqual(
      saga.humanTasks.map((t) => t.status),
      ['OPEN'],
    );
  });

  test('answers 400 problem+json for a body that is not JSON', async () => {
    await problemOf(
      await call(`/human-tasks/${randomUUID()}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{ "input": ',
      }),
      400,
    );
  });

  /** The roles a 403 names (its `requiredRoles` extension). */
  const rolesOf = (problem: object): unknown =>
    (problem as { requiredRoles?: unknown }).requiredRoles;

  /** The audit record of `action` (`POST /sagas/:id/cancel`) by `username` that names `businessKey`. */
  const auditOf = async (
    action: string,
    businessKey: string,
    username: string,
    outcome: string,
  ) => {
    const [record] = await audits.waitFor(
      (m) =>
        m.value['businessKey'] === businessKey &&
        m.value['action'] === action &&
        m.value['username'] === username &&
        m.value['outcome'] === outcome,
      1,
      30_000,
    );
    assert.ok(record);
    return record.value;
  };

  test('refuses a call without a token: 401 problem+json with the bearer challenge', async () => {
    const id = randomUUID();
    for (const [method, path] of [
      ['GET', '/sagas'],
      ['GET', `/sagas/${id}`],
      ['POST', `/sagas/${id}/retry`],
      ['POST', `/sagas/${id}/cancel`],
      ['GET', '/human-tasks'],
      ['POST', `/human-tasks/${id}/complete`],
    ] as const) {
      const response = await fetch(`${service.url}${path}`, { method });
      const problem = await problemOf(response, 401);
      assert.equal(problem.type, 'urn:meridian:problem:unauthorized', path);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="meridian"', path);
    }
  });

  test('refuses a token without the route role: 403 problem+json naming the roles', async () => {
    const id = randomUUID();
    const refusals = [
      ['GET', '/sagas', 'coder', ['sre-operator', 'revenue-integrity', 'admin']],
      ['GET', `/sagas/${id}`, 'ap-clerk', ['sre-operator', 'revenue-integrity', 'admin']],
      ['POST', `/sagas/${id}/retry`, 'revenue-integrity', ['sre-operator']],
      ['POST', `/sagas/${id}/cancel`, 'sre-operator', ['revenue-integrity']],
      ['POST', `/sagas/${id}/cancel`, 'admin', ['revenue-integrity']],
      [
        'GET',
        '/human-tasks',
        'supply-tech',
        [
          'coder',
          'revenue-integrity',
          'ap-clerk',
          'bed-manager',
          'supply-supervisor',
          'sre-operator',
        ],
      ],
      ['POST', `/human-tasks/${id}/complete`, 'phi-reader', undefined],
    ] as const;
    for (const [method, path, role, roles] of refusals) {
      const init = {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : null,
      };
      const problem = await problemOf(await call(path, init, await roleToken(role)), 403);
      assert.equal(problem.type, 'urn:meridian:problem:forbidden', `${role} ${path}`);
      if (roles) assert.deepEqual(rolesOf(problem), roles, `${role} ${path}`);
    }
  });

  test("lets each route's roles in", async () => {
    for (const role of ['sre-operator', 'revenue-integrity', 'admin']) {
      const page = await bodyOf<Page>(
        await call(`/sagas?businessKey=${key}-1`, {}, await roleToken(role)),
        200,
      );
      assert.deepEqual(
        page.items.map((s) => s.id),
        [older],
        role,
      );
    }
    for (const role of ['coder', 'bed-manager', 'supply-supervisor']) {
      await bodyOf(await call('/human-tasks', {}, await roleToken(role)), 200);
    }
  });

  test('retries as an operator: the audit record names the saga business key, also when refused', async () => {
    const retried = await call(
      `/sagas/${older}/retry`,
      { method: 'POST' },
      await roleToken('sre-operator'),
    );
    await problemOf(retried, 409);
    const record = await auditOf('POST /sagas/:id/retry', `${key}-1`, 'sre-operator', 'FAILED');
    assert.equal(record['role'], 'sre-operator');
    assert.equal(record['httpStatus'], 409);
  });

  test('cancels a waiting saga as revenue integrity, audited under its business key', async () => {
    const { sagaId } = await insertWaiting(`${key}-x`);
    const cancelled = await bodyOf<{ id: string; status: string }>(
      await call(
        `/sagas/${sagaId}/cancel`,
        { method: 'POST' },
        await roleToken('revenue-integrity'),
      ),
      200,
    );
    assert.equal(cancelled.id, sagaId);
    assert.notEqual(cancelled.status, 'WAITING');
    const record = await auditOf(
      'POST /sagas/:id/cancel',
      `${key}-x`,
      'revenue-integrity',
      'SUCCEEDED',
    );
    assert.equal(record['resource'], `/sagas/${sagaId}/cancel`);
  });

  for (const [team, wrong, right] of [
    ['coders', 'ap-clerk', 'coder'],
    ['accounts-payable', 'coder', 'ap-clerk'],
  ] as const) {
    test(`completes a task of team ${team} only with the role ${right}: ${wrong} and revenue-integrity get 403, audited under the saga key`, async () => {
      const businessKey = `${key}-${team}`;
      const { sagaId, taskId } = await insertWaiting(businessKey, team);
      for (const role of [wrong, 'revenue-integrity'] as const) {
        const problem = await problemOf(
          await complete(taskId, { action: 'skip' }, await roleToken(role)),
          403,
        );
        assert.equal(problem.type, 'urn:meridian:problem:forbidden');
        assert.deepEqual(rolesOf(problem), [right]);
        assert.match(problem.detail ?? '', new RegExp(`${team} team takes the role ${right}`));
      }
      const denied = await auditOf('POST /human-tasks/:id/complete', businessKey, wrong, 'DENIED');
      assert.equal(denied['httpStatus'], 403);
      const open = await bodyOf<{ status: string; humanTasks: { status: string }[] }>(
        await call(`/sagas/${sagaId}`),
        200,
      );
      assert.equal(open.status, 'WAITING');
      assert.deepEqual(
        open.humanTasks.map((t) => t.status),
        ['OPEN'],
      );

      const saga = await bodyOf<{
        status: string;
        humanTasks: { id: string; status: string; input: Record<string, unknown> | null }[];
      }>(await complete(taskId, { action: 'skip', note: 'done' }, await roleToken(right)), 200);
      assert.equal(saga.status, 'COMPLETED');
      assert.deepEqual(
        saga.humanTasks.map((t) => [t.id, t.status, t.input?.['completedBy']]),
        [[taskId, 'COMPLETED', right]],
      );
      const record = await auditOf(
        'POST /human-tasks/:id/complete',
        businessKey,
        right,
        'SUCCEEDED',
      );
      assert.equal(record['role'], right);
    });
  }

  test('boots without saga definitions and still serves stored sagas', async () => {
    const bare = await startApp(config, []);
    try {
      const saga = await bodyOf<{ id: string }>(
        await fetch(`${bare.url}/sagas/${newer}`, await withBearer()),
        200,
      );
      assert.equal(saga.id, newer);
    } finally {
      await bare.app.close();
    }
  });
});
