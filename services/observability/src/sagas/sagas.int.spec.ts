import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { roleToken, uniqueName, until } from '@meridian/testing';
import { newSaga, publishTask, publishTransition } from '../testing/lifecycle.js';
import type { SagaScript } from '../testing/lifecycle.js';
import { badFields, JAEGER_URL, ObservabilityHarness } from '../testing/observability-harness.js';
import type { SagaDetail, SagaSummary } from './sagas.service.js';
import type { SagaTypeSlo } from '../slo/slo.service.js';

const MINUTE = 60_000;

describe('observability: saga read model over saga.lifecycle.v1', () => {
  let harness: ObservabilityHarness;
  const now = Date.now();
  const at = (minutesFromNow: number): Date => new Date(now + minutesFromNow * MINUTE);
  // Unique saga types: other runs' sagas on the shared topic never match the filters.
  const stuckType = uniqueName('obs-stuck').replace(/_/g, '-');
  const doneType = uniqueName('obs-done').replace(/_/g, '-');
  let stuck: SagaScript;
  let done: SagaScript;
  const taskId = randomUUID();

  before(async () => {
    harness = await ObservabilityHarness.start();
    stuck = newSaga(stuckType, at(-15));
    done = newSaga(doneType, at(-10));
    // Held at Hold since 15 minutes, expected to move on 10 minutes ago.
    await publishTransition(harness.sender, stuck, {
      version: 1,
      from: null,
      to: 'RUNNING',
      step: 'Hold',
      at: at(-15),
      expectedBy: at(-10),
    });
    // Work (2 min, a human task on it), Finish (3 min), COMPLETED: 5 minutes in all.
    await publishTransition(harness.sender, done, {
      version: 1,
      from: null,
      to: 'RUNNING',
      step: 'Work',
      at: at(-10),
      expectedBy: at(50),
    });
    await publishTask(harness.sender, done, {
      taskId,
      step: 'Work',
      team: 'revenue-integrity',
      dueAt: at(100),
    });
    const waiting = {
      version: 2,
      from: 'RUNNING',
      to: 'WAITING',
      step: 'Work',
      at: at(-9),
      expectedBy: at(50),
    } as const;
    await publishTransition(harness.sender, done, waiting);
    await publishTransition(harness.sender, done, waiting); // a duplicate (new message id, same version)
    await publishTransition(harness.sender, done, {
      version: 3,
      from: 'WAITING',
      to: 'RUNNING',
      step: 'Finish',
      at: at(-8),
      expectedBy: at(52),
    });
    await publishTransition(harness.sender, done, {
      version: 4,
      from: 'RUNNING',
      to: 'COMPLETED',
      step: null,
      at: at(-5),
    });
    await until('both sagas in the read model', async () => {
      const { items } = await harness.service.getJson<{ items: SagaSummary[] }>(
        `/sagas?type=${doneType}`,
      );
      const held = await harness.service.getJson<{ items: SagaSummary[] }>(
        `/sagas?type=${stuckType}`,
      );
      return items[0]?.status === 'COMPLETED' && held.items.length === 1;
    });
  });

  after(async () => {
    await harness?.stop();
  });

  test('lists sagas by business key with their status, step, expected time and trace link', async () => {
    const { items } = await harness.service.getJson<{ items: SagaSummary[] }>(
      `/sagas?businessKey=${stuck.businessKey}`,
    );
    assert.equal(items.length, 1);
    const [saga] = items;
    assert.equal(saga?.sagaId, stuck.sagaId);
    assert.equal(saga?.status, 'RUNNING');
    assert.equal(saga?.stepName, 'Hold');
    assert.equal(saga?.stepExpectedBy, at(-10).toISOString());
    assert.equal(saga?.traceId, stuck.traceId);
    assert.equal(saga?.traceUrl, `${JAEGER_URL}/trace/${stuck.traceId}`);
  });

  test('the detail has one timeline entry per state version and the task closed once the step was left', async () => {
    const saga = await harness.service.getJson<SagaDetail>(`/sagas/${done.sagaId}`);
    assert.deepEqual(
      saga.timeline.map((t) => [t.fromStatus, t.toStatus, t.stepName, t.durationMs]),
      [
        [null, 'RUNNING', 'Work', null],
        ['RUNNING', 'WAITING', 'Work', MINUTE],
        ['WAITING', 'RUNNING', 'Finish', MINUTE],
        ['RUNNING', 'COMPLETED', null, 3 * MINUTE],
      ],
    );
    assert.deepEqual(
      saga.tasks.map((t) => [t.taskId, t.team, t.status, t.escalated]),
      [[taskId, 'revenue-integrity', 'CLOSED', false]],
    );
  });

  test('a saga past its step expected time is stuck; a finished one and a young one are not', async () => {
    const held = await harness.service.getJson<{ items: SagaSummary[] }>(
      `/sagas/stuck?type=${stuckType}`,
    );
    assert.deepEqual(
      held.items.map((s) => s.sagaId),
      [stuck.sagaId],
    );
    const olderThanLastMove = await harness.service.getJson<{ items: SagaSummary[] }>(
      `/sagas/stuck?type=${stuckType}&olderThan=PT20M`,
    );
    assert.deepEqual(olderThanLastMove.items, []);
    const finished = await harness.service.getJson<{ items: SagaSummary[] }>(
      `/sagas/stuck?type=${doneType}`,
    );
    assert.deepEqual(finished.items, []);
  });

  test('SLO percentiles come from the transitions in the window, per saga type and step', async () => {
    const { items } = await harness.service.getJson<{ items: SagaTypeSlo[] }>(
      `/slo?window=PT1H&type=${doneType}`,
    );
    assert.equal(items.length, 1);
    const [slo] = items;
    assert.equal(slo?.count, 1);
    assert.equal(slo?.p50Ms, 5 * MINUTE);
    assert.equal(slo?.p99Ms, 5 * MINUTE);
    assert.deepEqual(
      slo?.steps.map((s) => [s.stepName, s.count, s.p50Ms]),
      [
        ['Finish', 1, 3 * MINUTE],
        ['Work', 1, 2 * MINUTE],
      ],
    );
    const outside = await harness.service.getJson<{ items: SagaTypeSlo[] }>(
      `/slo?window=PT1M&type=${doneType}`,
    );
    assert.deepEqual(outside.items, []);
  });

  test('metrics count the sagas and show the stuck one by type and step', async () => {
    const text = await harness.metrics();
    assert.match(
      text,
      new RegExp(`meridian_sagas_stuck\\{saga_type="${stuckType}",step="Hold"\\} 1\\n`),
    );
    assert.match(
      text,
      new RegExp(`meridian_sagas_started_total\\{saga_type="${doneType}"\\} 1\\n`),
    );
    assert.match(
      text,
      new RegExp(`meridian_sagas_completed_total\\{saga_type="${doneType}"\\} 1\\n`),
    );
    assert.match(
      text,
      new RegExp(
        `meridian_saga_duration_seconds_count\\{saga_type="${doneType}",outcome="completed"\\} 1\\n`,
      ),
    );
  });

  test('the read APIs take sre-operator or admin, the dead letters sre-operator only; the dashboard files and the AsyncAPI document are public', async () => {
    const status = async (path: string, role?: string): Promise<number> => {
      const headers: Record<string, string> = role
        ? { authorization: `Bearer ${await roleToken(role)}` }
        : {};
      return (await fetch(`${harness.service.url}${path}`, { headers })).status;
    };
    const expected = (roles: readonly string[]): Record<string, number> => ({
      none: 401,
      coder: 403,
      'phi-reader': 403,
      ...Object.fromEntries(roles.map((role) => [role, 200])),
    });
    const sreOrAdmin = ['sre-operator', 'admin'];
    for (const [path, roles, refused] of [
      ['/sagas', sreOrAdmin, []],
      ['/sagas/stuck', sreOrAdmin, []],
      ['/slo', sreOrAdmin, []],
      ['/consumer-lag', sreOrAdmin, []],
      ['/dlq', ['sre-operator'], ['admin']],
    ] as const) {
      const seen: Record<string, number> = { none: await status(path) };
      for (const role of ['coder', 'phi-reader', ...roles, ...refused])
        seen[role] = await status(path, role);
      assert.deepEqual(
        seen,
        { ...expected(roles), ...Object.fromEntries(refused.map((role) => [role, 403])) },
        path,
      );
    }
    for (const path of ['/ui', '/ui/config.json', '/ui/js/dashboard.js', '/asyncapi.yaml'])
      assert.equal(await status(path), 200, path);
  });

  test('bad input is a 400 naming the parameter; an unknown saga a 404', async () => {
    assert.deepEqual(await badFields(await harness.service.fetch('/slo?window=1h')), ['window']);
    assert.deepEqual(await badFields(await harness.service.fetch('/sagas/stuck?olderThan=P1M')), [
      'olderThan',
    ]);
    assert.deepEqual(await badFields(await harness.service.fetch('/sagas?status=DONE&x=1')), [
      'status',
      'x',
    ]);
    assert.deepEqual(await badFields(await harness.service.fetch('/sagas/not-a-uuid')), ['id']);
    assert.equal((await harness.service.fetch(`/sagas/${randomUUID()}`)).status, 404);
  });
});
