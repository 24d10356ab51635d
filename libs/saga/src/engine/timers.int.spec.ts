import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, getInfra, within, type TestDatabase } from '@meridian/testing';
import { createLogger } from '@meridian/telemetry';
import { DataSource, type EntityManager } from 'typeorm';
import { initialState } from '../decide/decide.js';
import type { TimerRef } from '../state.js';
import { SAGA_ENTITIES, SAGA_MIGRATIONS } from '../store/migrations.js';
import type { SagaInstance } from '../store/saga-instance.entity.js';
import {
  completeTask,
  escalateOpenTasks,
  findInstance,
  insertInstance,
  insertTask,
  latestInstance,
  lockDueTimers,
  StaleSagaError,
  updateInstance,
  type ArmedTimer,
} from '../store/saga-store.js';
import { TimerPoller, type FireTimer } from './timer-poller.js';

const logger = createLogger({ name: 'timers-it', level: 'silent' });
const SECOND = 1_000;

const replyTimeout = (stepIndex: number, attempt = 1): TimerRef => ({
  kind: 'reply-timeout',
  stepIndex,
  direction: 'forward',
  attempt,
});

/** An armed timer due `inMs` from now (negative: already due). */
const armed = (timer: TimerRef, inMs: number): ArmedTimer => ({
  timer,
  dueAt: new Date(Date.now() + inMs),
});

function instanceRow(overrides: Partial<SagaInstance> = {}): SagaInstance {
  const id = randomUUID();
  return {
    id,
    sagaType: 'timers-it',
    definitionVersion: 1,
    businessKey: id,
    dedupeKey: id,
    triggerMessageId: randomUUID(),
    ...initialState(),
    attempt: 1,
    history: [],
    traceContext: {},
    stateVersion: 1,
    startedAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

describe('saga store and timers against the real database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  before(async () => {
    db = await createTestDatabase(getInfra().databaseUrl, 'saga_timers');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: SAGA_ENTITIES,
      migrations: SAGA_MIGRATIONS,
      extra: { max: 6 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  after(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  /** A new instance with its timers, committed; its id. */
  async function started(timers: readonly ArmedTimer[], row = instanceRow()): Promise<string> {
    await dataSource.transaction((m) => insertInstance(m, row, timers));
    return row.id;
  }

  async function timersOf(sagaId: string): Promise<string[]> {
    const rows = await dataSource.query<{ t: string }[]>(
      `SELECT kind || ' ' || step_index || ' ' || direction || ' ' || attempt AS t FROM saga_timer
       WHERE saga_id = $1 ORDER BY step_index, kind`,
      [sagaId],
    );
    return rows.map((r) => r.t);
  }

  async function firedMark(sagaId: string): Promise<unknown> {
    const [row] = await dataSource.query<{ data: unknown }[]>(
      'SELECT data FROM saga_instance WHERE id = $1',
      [sagaId],
    );
    return row?.data;
  }

  /** A fire that marks the instance it fired on (in the round's transaction). */
  async function mark(manager: EntityManager, sagaId: string): Promise<void> {
    await manager.query(`UPDATE saga_instance SET data = '{"fired": true}' WHERE id = $1`, [
      sagaId,
    ]);
  }

  /** A poller counting the rounds after which it nudged the relay. */
  let nudges = 0;
  function poller(fire: FireTimer, batchSize: number): TimerPoller {
    const onFired = (): void => {
      nudges += 1;
    };
    return new TimerPoller({ dataSource, logger, fire, pollMs: 10, batchSize, onFired });
  }

  /** Removes every due timer, so a test's rounds see only its own. */
  const clearDue = (): Promise<unknown> =>
    dataSource.query('DELETE FROM saga_timer WHERE due_at <= now()');

  it('fires the due timers of a round in one transaction, each in its own savepoint: one that fails is undone alone and stays due', async () => {
    await clearDue();
    const [a, b, c] = [
      await started([armed(replyTimeout(0), -3 * SECOND)]),
      await started([armed(replyTimeout(0), -2 * SECOND)]),
      await started([armed(replyTimeout(0), -1 * SECOND)]),
    ];
    const later = await started([armed(replyTimeout(0), 3_600 * SECOND)]);
    nudges = 0;
    const round = await poller(async (manager, sagaId) => {
      await mark(manager, sagaId);
      if (sagaId === b) throw new Error('the participant of b is gone');
    }, 10).fireDue();

    assert.deepEqual(round, { taken: 3, fired: 2 });
    assert.deepEqual(await firedMark(a), { fired: true });
    assert.deepEqual(await firedMark(b), {}, "b's work was rolled back to its savepoint");
    assert.deepEqual(await firedMark(c), { fired: true });
    assert.deepEqual(await firedMark(later), {}, 'a timer not yet due is not fired');
    assert.deepEqual(await timersOf(a), []);
    assert.deepEqual(await timersOf(b), ['reply-timeout 0 forward 1'], 'b stays due');
    assert.deepEqual(await timersOf(c), []);
    assert.deepEqual(await timersOf(later), ['reply-timeout 0 forward 1']);
    assert.equal(nudges, 1, 'the relay is nudged once per round that fired');

    const again = await poller(mark, 10).fireDue();
    assert.deepEqual(again, { taken: 1, fired: 1 }, 'the next round fires b');
    assert.deepEqual(await firedMark(b), { fired: true });
  });

  it('takes at most a batch of due timers per round, the oldest first', async () => {
    await clearDue();
    const ids: string[] = [];
    for (let i = 5; i >= 1; i -= 1) ids.push(await started([armed(replyTimeout(0), -i * SECOND)]));
    const fired: string[] = [];
    const fire: FireTimer = async (_manager, sagaId) => {
      fired.push(sagaId);
    };
    assert.deepEqual(await poller(fire, 2).fireDue(), { taken: 2, fired: 2 });
    assert.deepEqual(fired, ids.slice(0, 2));
    assert.deepEqual(await poller(fire, 10).fireDue(), { taken: 3, fired: 3 });
    assert.deepEqual(fired, ids);
    nudges = 0;
    assert.deepEqual(await poller(fire, 10).fireDue(), { taken: 0, fired: 0 });
    assert.equal(nudges, 0, 'a round that fired nothing does not wake the relay');
  });

  it('shares due timers between replicas: a round skips the timers another round holds, and each fires once', async () => {
    await clearDue();
    const ids: string[] = [];
    for (let i = 4; i >= 1; i -= 1) ids.push(await started([armed(replyTimeout(0), -i * SECOND)]));
    const fired: string[] = [];
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const first = poller(async (_manager, sagaId) => {
      fired.push(sagaId);
      holding();
      await released;
    }, 2).fireDue();
    await held;
    const second = await within(
      'a round next to one holding two timers',
      30 * SECOND,
      poller(async (_manager, sagaId) => {
        fired.push(sagaId);
      }, 10).fireDue(),
    );
    assert.deepEqual(second, { taken: 2, fired: 2 });
    release();
    assert.deepEqual(await first, { taken: 2, fired: 2 });
    assert.deepEqual([...fired].sort(), [...ids].sort(), 'every timer fired exactly once');
    assert.deepEqual(fired.slice(0, 3), [ids[0], ids[2], ids[3]]);
  });

  it('saves a transition with its timers in one statement: the new ones armed, those at other positions dropped', async () => {
    const row = instanceRow();
    await started(
      [armed(replyTimeout(0), 60 * SECOND), armed({ ...replyTimeout(0), kind: 'retry' }, SECOND)],
      row,
    );
    const next = { ...row, stepIndex: 1, attempt: 1, stateVersion: row.stateVersion + 1 };
    await dataSource.transaction((m) =>
      updateInstance(m, next, row.stateVersion, [armed(replyTimeout(1), 60 * SECOND)]),
    );
    assert.deepEqual(await timersOf(row.id), ['reply-timeout 1 forward 1']);

    // Re-arming a timer of the same identity moves its due time; one row stays.
    const again = { ...next, stateVersion: next.stateVersion + 1 };
    await dataSource.transaction((m) =>
      updateInstance(m, again, next.stateVersion, [armed(replyTimeout(1), 120 * SECOND)]),
    );
    const [due] = await dataSource.query<{ in_s: number }[]>(
      'SELECT EXTRACT(EPOCH FROM due_at - now())::int AS in_s FROM saga_timer WHERE saga_id = $1',
      [row.id],
    );
    assert.ok((due?.in_s ?? 0) > 90, `re-armed 120 s ahead, found ${due?.in_s} s`);
    assert.deepEqual(await timersOf(row.id), ['reply-timeout 1 forward 1']);
  });

  it('refuses a save from a stale version and changes nothing, timers included', async () => {
    const row = instanceRow();
    await started([armed(replyTimeout(0), 60 * SECOND)], row);
    const stale = { ...row, stepIndex: 1, stateVersion: row.stateVersion + 1 };
    await assert.rejects(
      dataSource.transaction((m) =>
        updateInstance(m, stale, row.stateVersion - 1, [armed(replyTimeout(1), SECOND)]),
      ),
      StaleSagaError,
    );
    assert.deepEqual(await timersOf(row.id), ['reply-timeout 0 forward 1']);
  });

  it('leaves a timer the poller holds to it: the save neither waits for it nor drops it', async () => {
    await clearDue();
    const row = instanceRow();
    await started([armed(replyTimeout(0), -SECOND)], row);
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const poll = dataSource.transaction(async (m) => {
      const due = await lockDueTimers(m, 10);
      holding();
      await released;
      return due.length;
    });
    await held;
    const next = { ...row, stepIndex: 1, stateVersion: row.stateVersion + 1 };
    await within(
      'a save next to a held timer',
      30 * SECOND,
      dataSource.transaction((m) =>
        updateInstance(m, next, row.stateVersion, [armed(replyTimeout(1), 60 * SECOND)]),
      ),
    );
    release();
    assert.equal(await poll, 1);
    assert.deepEqual(await timersOf(row.id), [
      'reply-timeout 0 forward 1',
      'reply-timeout 1 forward 1',
    ]);
  });

  it('reads an instance back as it was saved, by id and as the newest of its business key', async () => {
    const startedAt = new Date(Date.now() - 60_000);
    const row = instanceRow({
      status: 'SUSPENDED',
      stepIndex: 2,
      direction: 'compensation',
      data: { chargeIds: ['CHG-1'], total: '10.00', nested: { at: '2026-12-06T10:00:00.000Z' } },
      pendingCommandId: randomUUID(),
      lastError: { code: 'PAYER_DOWN', message: 'down', retriable: true, details: { a: 'b' } },
      incident: { since: startedAt.toISOString(), retries: 2 },
      history: [
        { step: 'ReleaseBed', direction: 'forward', event: 'command-sent', at: 'x', attempt: 1 },
      ],
      traceContext: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      startedAt,
      updatedAt: startedAt,
    });
    await started([], row);
    assert.deepEqual(await findInstance(dataSource.manager, row.id), row);
    const newer = instanceRow({ sagaType: row.sagaType, businessKey: row.businessKey });
    await started([], newer);
    assert.deepEqual(
      await latestInstance(dataSource.manager, row.sagaType, row.businessKey),
      newer,
    );
    assert.equal(await findInstance(dataSource.manager, randomUUID()), null);
  });

  it("escalates every task a saga still waits on in one statement, and no other saga's or completed one", async () => {
    const sagaId = await started([]);
    const other = await started([]);
    const task = (saga: string, team: string): Parameters<typeof insertTask>[1] => ({
      sagaId: saga,
      sagaType: 'timers-it',
      stepName: 'CompleteCoding',
      taskType: 'CODING_REVIEW',
      team,
      reasonCode: null,
      reason: null,
      details: null,
      dueAt: new Date(Date.now() + 3_600 * SECOND),
    });
    const [open, escalated, completed, elsewhere] = await dataSource.transaction(async (m) => {
      const rows = [
        await insertTask(m, task(sagaId, 'him-coding')),
        await insertTask(m, task(sagaId, 'him-review')),
        await insertTask(m, task(sagaId, 'him-coding')),
        await insertTask(m, task(other, 'him-coding')),
      ];
      await m.query("UPDATE saga_human_task SET status = 'ESCALATED' WHERE id = $1", [rows[1]?.id]);
      await completeTask(m, rows[2]?.id ?? '', { action: 'retry', note: null, input: {} });
      return rows;
    });
    const result = await dataSource.transaction((m) => escalateOpenTasks(m, sagaId));
    assert.deepEqual(
      [...result].sort((a, b) => a.id.localeCompare(b.id)),
      [open, escalated]
        .map((t) => ({ id: t?.id, taskType: t?.taskType, team: t?.team, dueAt: t?.dueAt }))
        .sort((a, b) => String(a.id).localeCompare(String(b.id))),
    );
    const statuses = await dataSource.query<{ id: string; status: string }[]>(
      'SELECT id, status FROM saga_human_task WHERE saga_id = ANY($1::uuid[])',
      [[sagaId, other]],
    );
    const statusOf = new Map(statuses.map((r) => [r.id, r.status]));
    assert.equal(statusOf.get(open?.id ?? ''), 'ESCALATED');
    assert.equal(statusOf.get(escalated?.id ?? ''), 'ESCALATED');
    assert.equal(statusOf.get(completed?.id ?? ''), 'COMPLETED');
    assert.equal(statusOf.get(elsewhere?.id ?? ''), 'OPEN');
  });

  it("finds a saga's tasks through an index (compensations cancel them, escalations read them)", async () => {
    const plan = await dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      return m.query<{ 'QUERY PLAN': string }[]>(
        'EXPLAIN SELECT id FROM saga_human_task WHERE saga_id = $1',
        [randomUUID()],
      );
    });
    assert.match(plan.map((r) => r['QUERY PLAN']).join('\n'), /saga_human_task_saga/);
  });
});
