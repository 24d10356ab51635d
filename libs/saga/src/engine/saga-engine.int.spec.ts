import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FinalizeChargesReply, SubmitClaimReply } from '@meridian/contracts';
import { createMessaging } from '@meridian/messaging';
import { spawnNode, until, within, type ChildHandle } from '@meridian/testing';
import { IllegalTransitionError } from '../decide/decide.js';
import type { SagaInstance } from '../store/saga-instance.entity.js';
import type { Participant } from '../testing/participant.js';
import {
  CLAIM_REFUSED,
  createSagaFixture,
  MISSING_CHARGE_CODE,
  TEST_TEAM,
  type SagaFixture,
} from '../testing/saga-fixture.js';

const orchestratorScript = fileURLToPath(
  new URL('../testing/orchestrator.process.js', import.meta.url),
);
const FINALIZE = 'health.meridian.revenue.FinalizeCharges';
const SUBMIT = 'health.meridian.revenue.SubmitClaim';
const RESTORE = 'health.meridian.workforce.RestoreBed';

/** The message ids of the forward commands sent for `step`, oldest first. */
const sent = (instance: SagaInstance, step: string): string[] =>
  instance.history
    .filter((h) => h.step === step && h.direction === 'forward' && h.event === 'command-sent')
    .map((h) => h.commandId ?? '');

/** Commands the participants handled for one saga, by short name, in the order handled. */
async function handled(participants: readonly Participant[], sagaId: string): Promise<string[]> {
  const rows = (await Promise.all(participants.map((p) => p.commandLog()))).flat();
  return rows
    .filter((r) => r.sagaId === sagaId)
    .sort((a, b) => a.handledAt.getTime() - b.handledAt.getTime() || a.id - b.id)
    .map((r) => r.name.split('.').pop() ?? r.name);
}

const count = (names: readonly string[]): Record<string, number> =>
  names.reduce<Record<string, number>>((acc, n) => ({ ...acc, [n]: (acc[n] ?? 0) + 1 }), {});

async function spawnOrchestrator(f: SagaFixture): Promise<ChildHandle> {
  const { child } = await spawnNode(orchestratorScript, {
    name: 'orchestrator',
    env: {
      FIXTURE_ID: f.id,
      DATABASE_URL: f.orchestratorDb.url,
      KAFKA_BROKERS: f.infra.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: f.infra.schemaRegistryUrl,
    },
    ready: (line) => line === 'ready',
  });
  return child;
}

describe('saga engine against the real stack', () => {
  let f: SagaFixture;
  beforeEach(async () => {
    f = await createSagaFixture('engine');
  });
  afterEach(() => f.cleanup());

  it('runs the happy path to COMPLETED: one command per step, data folded from replies', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [FINALIZE]: {
        kind: 'succeed',
        result: { chargeIds: ['CHG-1', 'CHG-2'], totalAmount: '4210.50', currency: 'USD' },
      },
    });
    await f.startOrchestrator([f.definition()]);
    await f.discharge('H-1');
    await f.discharge('H-1'); // the EHR sends the discharge again: still one instance
    const done = await f.waitForStatus('H-1', 'COMPLETED');
    const instances = await f.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM saga_instance WHERE business_key = $1',
      ['H-1'],
    );
    assert.equal(instances[0]?.n, '1');
    assert.deepEqual(done.data['chargeIds'], ['CHG-1', 'CHG-2']);
    assert.equal(done.data['total'], '4210.50');
    assert.deepEqual(await handled([workforce, revenue], done.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'SubmitClaim',
    ]);
    assert.deepEqual(
      done.history.filter((h) => h.event === 'succeeded').map((h) => h.step),
      ['ReleaseBed', 'FinalizeCharges', 'SubmitClaim'],
    );
    // Every transition went to saga.lifecycle.v1 through the outbox: started, three steps entered,
    // completed (the relay marks what Kafka acknowledged).
    let published: { n: string }[] = [];
    for (let i = 0; i < 50 && published[0]?.n !== '4'; i += 1) {
      published = await f.dataSource.query<{ n: string }[]>(
        "SELECT count(*) AS n FROM messaging_outbox WHERE record_name = 'health.meridian.saga.SagaTransitioned' AND published_at IS NOT NULL",
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(
      published[0]?.n,
      '4',
      'RUNNING at ReleaseBed, FinalizeCharges, SubmitClaim, then COMPLETED',
    );
  });

  it('suspends a step whose retriable failures outlast its retries, retries the incident on its own and completes once the participant answers: nothing compensated', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [SUBMIT]: {
        kind: 'fail-times',
        times: 4,
        code: 'PAYER_DOWN',
        message: 'clearinghouse unavailable',
        then: { kind: 'succeed', result: { claimId: 'CLM-1' } },
      },
    });
    await f.startOrchestrator([f.definition({ attempts: 2 })]);
    await f.discharge('F-1');
    const suspended = await f.waitForStatus('F-1', 'SUSPENDED');
    assert.equal(suspended.lastError?.code, 'PAYER_DOWN');
    assert.ok(suspended.incident, 'an incident is open while SUSPENDED');
    const done = await f.waitForStatus('F-1', 'COMPLETED');
    assert.equal(done.data['claimId'], 'CLM-1');
    assert.equal(done.incident, null);
    assert.equal(done.lastError, null);
    assert.deepEqual(await handled([workforce, revenue], done.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'SubmitClaim',
      'SubmitClaim',
      'SubmitClaim',
      'SubmitClaim',
      'SubmitClaim',
    ]);
    const events = done.history.filter((h) => h.step === 'SubmitClaim').map((h) => h.event);
    assert.equal(events.filter((e) => e === 'retry-scheduled').length, 1, 'one retry in the step');
    assert.equal(events.filter((e) => e === 'suspended').length, 1);
    assert.equal(events.filter((e) => e === 'incident-retry').length, 3);
    assert.ok(!done.history.some((h) => h.direction === 'compensation'), 'nothing compensated');
  });

  it('treats a missing reply as a timed-out attempt, fires a timer that fell due while no orchestrator ran, and suspends instead of compensating', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [FINALIZE]: {
        kind: 'times',
        times: 1,
        behaviour: { kind: 'silent' },
        then: { kind: 'succeed' },
      },
    });
    const definition = f.definition({ replyTimeoutMs: 1_500, attempts: 1 });
    const first = await f.startOrchestrator([definition]);
    await f.discharge('T-1');
    const instance = await f.waitFor('T-1', 'at FinalizeCharges', (i) => i.stepIndex === 1);
    await first.stop(); // down before the reply timeout is due
    const [timer] = await f.dataSource.query<{ due: boolean }[]>(
      "SELECT due_at <= now() + interval '2 seconds' AS due FROM saga_timer WHERE saga_id = $1 AND kind = 'reply-timeout'",
      [instance.id],
    );
    assert.equal(timer?.due, true, 'the reply timeout is stored in PostgreSQL');
    await until('the reply timeout fell due while no orchestrator ran', async () => {
      const [overdue] = await f.dataSource.query<{ n: number }[]>(
        "SELECT count(*)::int AS n FROM saga_timer WHERE saga_id = $1 AND kind = 'reply-timeout' AND step_index = $2 AND due_at <= now()",
        [instance.id, instance.stepIndex],
      );
      return overdue?.n === 1;
    });
    await f.startOrchestrator([definition]); // a new process finds it overdue and fires it
    const done = await f.waitForStatus('T-1', 'COMPLETED');
    const finalize = done.history.filter((h) => h.step === 'FinalizeCharges').map((h) => h.event);
    assert.deepEqual(
      finalize.filter((e) => e !== 'ignored'),
      ['command-sent', 'timed-out', 'suspended', 'incident-retry', 'command-sent', 'succeeded'],
    );
    assert.ok(!done.history.some((h) => h.direction === 'compensation'), 'nothing compensated');
    assert.deepEqual(await handled([workforce, revenue], done.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'FinalizeCharges',
      'SubmitClaim',
    ]);
  });

  it('routes a rejection no step maps to the owning team (STEP_REJECTED), whose retry completes the saga', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [SUBMIT]: {
        kind: 'times',
        times: 1,
        behaviour: { kind: 'fail', code: 'PAYER_CONFIG_MISSING', message: 'no 837I profile' },
        then: { kind: 'succeed', result: { claimId: 'CLM-2' } },
      },
    });
    const { engine } = await f.startOrchestrator([f.definition()]);
    await f.discharge('S-1');
    const waiting = await f.waitForStatus('S-1', 'WAITING');
    assert.equal(waiting.lastError?.code, 'PAYER_CONFIG_MISSING');
    assert.equal(waiting.lastError?.retriable, false);
    const [task, ...more] = await f.tasks(waiting.id);
    assert.deepEqual(more, []);
    assert.ok(task);
    assert.deepEqual(
      [task.taskType, task.team, task.reasonCode, task.stepName],
      ['STEP_REJECTED', 'revenue-integrity', 'PAYER_CONFIG_MISSING', 'SubmitClaim'],
    );
    await new Promise((r) => setTimeout(r, 1_500)); // longer than the incident backoff
    assert.equal(
      (await f.instance('S-1'))?.status,
      'WAITING',
      'a rejection is not retried on its own',
    );
    assert.deepEqual(count(await handled([revenue], waiting.id)), {
      FinalizeCharges: 1,
      SubmitClaim: 1,
    });
    const retried = await engine.completeHumanTask(task.id, {
      action: 'retry',
      note: '837I profile added',
      input: {},
    });
    assert.equal(retried.status, 'RUNNING');
    const done = await f.waitForStatus('S-1', 'COMPLETED');
    assert.equal(done.data['claimId'], 'CLM-2');
    assert.ok(done.history.some((h) => h.event === 'human-task-completed'));
    assert.deepEqual(await handled([workforce, revenue], done.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'SubmitClaim',
      'SubmitClaim',
    ]);
  });

  it('waits on a work item for a mapped rejection, with its team, reason and details; completing it with retry completes the saga', async () => {
    await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [FINALIZE]: {
        kind: 'times',
        times: 1,
        behaviour: {
          kind: 'fail',
          code: MISSING_CHARGE_CODE,
          message: 'no room and board row for unit 4W',
          details: { unitId: '4W', revenueCode: '0120' },
        },
        then: { kind: 'succeed', result: { chargeIds: ['CHG-9'], totalAmount: '10.00' } },
      },
    });
    const { engine } = await f.startOrchestrator([f.definition()]);
    await f.discharge('W-1');
    const waiting = await f.waitForStatus('W-1', 'WAITING');
    assert.equal(waiting.lastError?.code, MISSING_CHARGE_CODE);
    const [task, ...more] = await f.tasks(waiting.id);
    assert.equal(more.length, 0);
    assert.ok(task);
    assert.equal(task.status, 'OPEN');
    assert.equal(task.taskType, 'CHARGEMASTER_ENTRY_MISSING');
    assert.equal(task.team, TEST_TEAM);
    assert.equal(task.sagaType, f.sagaType);
    assert.equal(task.stepName, 'FinalizeCharges');
    assert.equal(task.reasonCode, MISSING_CHARGE_CODE);
    assert.equal(task.reason, 'no room and board row for unit 4W');
    assert.deepEqual(task.details, { unitId: '4W', revenueCode: '0120' });
    await engine.completeHumanTask(task.id, {
      action: 'retry',
      note: 'row 0120 added for 4W',
      input: {},
    });
    const done = await f.waitForStatus('W-1', 'COMPLETED');
    assert.deepEqual(done.data['chargeIds'], ['CHG-9']);
    const [closed] = await f.tasks(waiting.id);
    assert.equal(closed?.status, 'COMPLETED');
    assert.equal(closed?.action, 'retry');
    assert.equal(closed?.note, 'row 0120 added for 4W');
    assert.deepEqual(count(await handled([revenue], done.id)), {
      FinalizeCharges: 2,
      SubmitClaim: 1,
    });
    await assert.rejects(
      engine.completeHumanTask(task.id, { action: 'retry', note: null, input: {} }),
      IllegalTransitionError,
      'a completed task cannot be completed again',
    );
  });

  it('accepts a late successful reply to an earlier attempt of the current step', async () => {
    await f.participant('workforce');
    await f.participant('revenue', { [SUBMIT]: { kind: 'silent' } });
    await f.startOrchestrator([f.definition({ replyTimeoutMs: 1_500, attempts: 2 })]);
    await f.discharge('L-1');
    const resent = await f.waitFor(
      'L-1',
      'SubmitClaim sent twice',
      (i) => sent(i, 'SubmitClaim').length >= 2,
    );
    const [firstAttempt] = sent(resent, 'SubmitClaim');
    const late = async (): Promise<void> => {
      const replies = await createMessaging({
        serviceName: 'revenue-cycle',
        brokers: f.infra.kafkaBrokers,
        schemaRegistryUrl: f.infra.schemaRegistryUrl,
        logger: f.logger,
        produces: [{ topic: f.topics.replies, records: [SubmitClaimReply] }],
      });
      await replies.publisher.publish(
        f.topics.replies,
        SubmitClaimReply,
        {
          sagaId: resent.id,
          stepName: 'SubmitClaim',
          commandMessageId: firstAttempt ?? '',
          outcome: 'SUCCEEDED',
          failure: null,
          claimId: 'CLM-LATE',
          totalCharge: '0.00',
          currency: 'USD',
          revenueCodeTotals: [],
          submittedAt: new Date(),
        },
        { key: resent.id },
      );
      await replies.stop();
    };
    // Each step bounded: a hang fails here with its name, not at the runner's 180 s.
    await within('publishing the late reply', 60_000, late());
    const done = await f.waitForStatus('L-1', 'COMPLETED');
    assert.equal(done.data['claimId'], 'CLM-LATE');
    assert.ok(
      !done.history.some((h) => h.event === 'ignored'),
      'the reply to the first attempt was not ignored',
    );
    assert.ok(!done.history.some((h) => h.direction === 'compensation'));
  });

  it('compensates a completed saga in reverse order when its cancellation message arrives', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue');
    await f.startOrchestrator([f.definition()]);
    await f.discharge('C-1');
    const done = await f.waitForStatus('C-1', 'COMPLETED');
    await f.cancelDischarge('C-1');
    const undone = await f.waitForStatus('C-1', 'COMPENSATED');
    assert.deepEqual(await handled([workforce, revenue], done.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'SubmitClaim',
      'VoidClaim',
      'ReverseCharges',
      'RestoreBed',
    ]);
    assert.ok(undone.history.some((h) => h.event === 'cancel-requested'));
  });

  it('compensates the completed steps after a final rejection', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [SUBMIT]: { kind: 'fail', code: CLAIM_REFUSED, message: 'payer refuses the claim' },
    });
    await f.startOrchestrator([f.definition()]);
    await f.discharge('X-1');
    const undone = await f.waitForStatus('X-1', 'COMPENSATED');
    assert.equal(undone.lastError?.code, CLAIM_REFUSED);
    assert.deepEqual(await handled([workforce, revenue], undone.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'SubmitClaim',
      'ReverseCharges',
      'RestoreBed',
    ]);
  });

  it('waits on a COMPENSATION_FAILED task when a participant refuses a compensation; skipping it ends COMPENSATED', async () => {
    const workforce = await f.participant('workforce', {
      [RESTORE]: {
        kind: 'fail',
        code: 'BED_REASSIGNED',
        message: 'bed 4W-B-1 went to the next patient',
        details: { bedId: '4W-B-1' },
      },
    });
    const revenue = await f.participant('revenue');
    const { engine } = await f.startOrchestrator([f.definition()]);
    await f.discharge('B-1');
    const done = await f.waitForStatus('B-1', 'COMPLETED');
    await engine.cancel(done.id);
    const waiting = await f.waitForStatus('B-1', 'WAITING');
    assert.equal(waiting.direction, 'compensation');
    assert.equal(waiting.lastError?.code, 'BED_REASSIGNED');
    const [task] = await f.tasks(done.id);
    assert.ok(task);
    assert.equal(task.taskType, 'COMPENSATION_FAILED');
    assert.equal(task.team, TEST_TEAM);
    assert.equal(task.stepName, 'ReleaseBed');
    assert.equal(task.reasonCode, 'BED_REASSIGNED');
    assert.deepEqual(task.details, { bedId: '4W-B-1' });
    await engine.completeHumanTask(task.id, {
      action: 'skip',
      note: 'bed stays with the next patient',
      input: {},
    });
    await f.waitForStatus('B-1', 'COMPENSATED');
    const [closed] = await f.tasks(done.id);
    assert.equal(closed?.status, 'COMPLETED');
    assert.equal(closed?.action, 'skip');
    assert.deepEqual(await handled([workforce, revenue], done.id), [
      'ReleaseBed',
      'FinalizeCharges',
      'SubmitClaim',
      'VoidClaim',
      'ReverseCharges',
      'RestoreBed',
    ]);
  });

  it('waits on a human task and completes once it is completed through the engine API', async () => {
    await f.participant('workforce');
    await f.participant('revenue');
    const { engine } = await f.startOrchestrator([f.definition({ withReview: true })]);
    await f.discharge('R-1');
    const waiting = await f.waitForStatus('R-1', 'WAITING');
    const [task] = await f.tasks(waiting.id);
    assert.equal(task?.taskType, 'CODING_REVIEW');
    assert.equal(task?.status, 'OPEN');
    assert.equal(task?.team, 'coders');
    assert.equal(task?.reasonCode, null);
    await engine.completeHumanTask(task?.id ?? '', {
      action: null,
      note: null,
      input: { codes: 'I21.4' },
    });
    const done = await f.waitForStatus('R-1', 'COMPLETED');
    assert.equal(done.data['codes'], 'I21.4');
    const [closed] = await f.tasks(waiting.id);
    assert.equal(closed?.status, 'COMPLETED');
  });

  it('records duplicate and out-of-order replies as ignored and changes nothing else', async () => {
    await f.participant('workforce');
    const revenue = await f.participant('revenue', { [SUBMIT]: { kind: 'silent' } });
    await f.startOrchestrator([f.definition({ replyTimeoutMs: 60_000 })]);
    await f.discharge('D-1');
    await f.waitForStatus('D-1', 'RUNNING');
    let instance = await f.instance('D-1');
    for (let i = 0; i < 100 && instance?.stepIndex !== 2; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      instance = await f.instance('D-1');
    }
    assert.equal(instance?.stepIndex, 2, 'waiting for the SubmitClaim reply');
    const finalize = instance?.history.find(
      (h) => h.step === 'FinalizeCharges' && h.event === 'command-sent',
    );
    const replies = await createMessaging({
      serviceName: 'revenue-cycle',
      brokers: f.infra.kafkaBrokers,
      schemaRegistryUrl: f.infra.schemaRegistryUrl,
      logger: f.logger,
      produces: [{ topic: f.topics.replies, records: [FinalizeChargesReply] }],
    });
    // A late duplicate of FinalizeCharges' reply arrives while the saga waits on SubmitClaim.
    await replies.publisher.publish(
      f.topics.replies,
      FinalizeChargesReply,
      {
        sagaId: instance?.id ?? '',
        stepName: 'FinalizeCharges',
        commandMessageId: finalize?.commandId ?? '',
        outcome: 'SUCCEEDED',
        failure: null,
        chargeIds: ['CHG-LATE'],
        totalAmount: '1.00',
        currency: 'USD',
      },
      { key: instance?.id ?? '' },
    );
    await replies.stop();
    for (let i = 0; i < 100 && !instance?.history.some((h) => h.event === 'ignored'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      instance = await f.instance('D-1');
    }
    assert.ok(
      instance?.history.some((h) => h.event === 'ignored' && h.step === 'SubmitClaim'),
      'recorded as ignored',
    );
    assert.notDeepEqual(
      instance?.data['chargeIds'],
      ['CHG-LATE'],
      'the late reply changed no data',
    );
    assert.equal(instance?.status, 'RUNNING');
    assert.equal(instance?.stepIndex, 2);
    assert.deepEqual(count(await handled([revenue], instance?.id ?? '')), {
      FinalizeCharges: 1,
      SubmitClaim: 1,
    });
  });

  it('advances once on two answers to the same command read together (one consumer batch, one transaction): the second is recorded as ignored', async () => {
    await f.participant('workforce');
    const revenue = await f.participant('revenue', { [FINALIZE]: { kind: 'silent' } });
    await f.startOrchestrator([f.definition({ replyTimeoutMs: 60_000 })]);
    await f.discharge('B-1');
    let instance = await f.instance('B-1');
    for (let i = 0; i < 100 && instance?.stepIndex !== 1; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      instance = await f.instance('B-1');
    }
    assert.equal(instance?.stepIndex, 1, 'waiting for the FinalizeCharges reply');
    const [command] = sent(instance as SagaInstance, 'FinalizeCharges');
    const replies = await createMessaging({
      serviceName: 'revenue-cycle',
      brokers: f.infra.kafkaBrokers,
      schemaRegistryUrl: f.infra.schemaRegistryUrl,
      logger: f.logger,
      produces: [{ topic: f.topics.replies, records: [FinalizeChargesReply] }],
    });
    // The participant answers twice (two messages, one key): back to back on one partition, so the
    // orchestrator's consumer reads them in one fetch and handles them in one transaction.
    const answer = (chargeId: string): Promise<unknown> =>
      replies.publisher.publish(
        f.topics.replies,
        FinalizeChargesReply,
        {
          sagaId: instance?.id ?? '',
          stepName: 'FinalizeCharges',
          commandMessageId: command ?? '',
          outcome: 'SUCCEEDED',
          failure: null,
          chargeIds: [chargeId],
          totalAmount: '10.00',
          currency: 'USD',
        },
        { key: instance?.id ?? '' },
      );
    await Promise.all([answer('CHG-FIRST'), answer('CHG-SECOND')]);
    await replies.stop();
    for (let i = 0; i < 100 && !instance?.history.some((h) => h.event === 'ignored'); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      instance = await f.instance('B-1');
    }
    const finalize = instance?.history.filter((h) => h.step === 'FinalizeCharges') ?? [];
    assert.deepEqual(
      finalize.map((h) => h.event),
      ['command-sent', 'succeeded'],
      'one answer counted',
    );
    assert.ok(
      instance?.history.some((h) => h.event === 'ignored'),
      'the other recorded as ignored',
    );
    assert.equal(sent(instance as SagaInstance, 'SubmitClaim').length, 1, 'SubmitClaim sent once');
    assert.ok(
      ['CHG-FIRST', 'CHG-SECOND'].includes(String(instance?.data['chargeIds'])),
      `one answer's charges, not both: ${String(instance?.data['chargeIds'])}`,
    );
    assert.deepEqual(count(await handled([revenue], instance?.id ?? '')), {
      FinalizeCharges: 1,
      SubmitClaim: 1,
    });
  });

  it('survives kill -9 of the orchestrator mid-saga: after a restart it completes, every command handled once', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue', {
      [FINALIZE]: { kind: 'delay', ms: 2_000, then: { kind: 'succeed' } },
    });
    const first = await spawnOrchestrator(f);
    await f.discharge('K-1');
    let instance = await f.instance('K-1');
    for (let i = 0; i < 200 && instance?.stepIndex !== 1; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      instance = await f.instance('K-1');
    }
    assert.equal(instance?.stepIndex, 1, 'killed while FinalizeCharges is in flight');
    await first.kill('SIGKILL');
    const second = await spawnOrchestrator(f);
    try {
      const done = await f.waitForStatus('K-1', 'COMPLETED', 60_000);
      assert.deepEqual(count(await handled([workforce, revenue], done.id)), {
        ReleaseBed: 1,
        FinalizeCharges: 1,
        SubmitClaim: 1,
      });
    } finally {
      await second.stop();
    }
  });

  it('shares the load between two replicas without advancing any instance twice', async () => {
    const workforce = await f.participant('workforce');
    const revenue = await f.participant('revenue');
    const definition = f.definition();
    await f.startOrchestrator([definition]);
    await f.startOrchestrator([definition]);
    const keys = Array.from({ length: 12 }, (_, i) => `P-${i}`);
    for (const key of keys) await f.discharge(key);
    for (const key of keys) {
      const done = await f.waitForStatus(key, 'COMPLETED', 60_000);
      assert.deepEqual(count(await handled([workforce, revenue], done.id)), {
        ReleaseBed: 1,
        FinalizeCharges: 1,
        SubmitClaim: 1,
      });
      assert.equal(done.history.filter((h) => h.event === 'succeeded').length, 3);
    }
  });

  it('keeps an in-flight instance on definition v1 while v2 starts new ones', async () => {
    await f.participant('workforce');
    await f.participant('revenue');
    const v1 = f.definition({ version: 1, withReview: true });
    const v2 = f.definition({ version: 2, withReview: false });
    const old = await f.startOrchestrator([v1]);
    await f.discharge('V-1');
    const waiting = await f.waitForStatus('V-1', 'WAITING');
    await old.stop();
    const { engine } = await f.startOrchestrator([v1, v2]);
    await f.discharge('V-2');
    const fresh = await f.waitForStatus('V-2', 'COMPLETED');
    assert.equal(fresh.definitionVersion, 2);
    assert.ok(!fresh.history.some((h) => h.step === 'CodingReview'));
    const [task] = await f.tasks(waiting.id);
    await engine.completeHumanTask(task?.id ?? '', {
      action: null,
      note: null,
      input: { codes: 'J18.9' },
    });
    const finished = await f.waitForStatus('V-1', 'COMPLETED');
    assert.equal(finished.definitionVersion, 1);
    assert.ok(
      finished.history.some((h) => h.step === 'CodingReview' && h.event === 'human-task-completed'),
    );
  });
});
