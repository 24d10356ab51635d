import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assess,
  faultOf,
  initialHealth,
  restartDelay,
  transition,
  type ConsumerEvent,
  type ConsumerHealthState,
  type RestartPolicy,
  type SupervisorAction,
} from './consumer-health.js';

const POLICY: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };
const GRACE = 30_000;
const FAULT = { name: 'KafkaJSNonRetriableError', message: 'The group is rebalancing' };

/** Feeds events in order; returns the last state and every action taken. */
function given(
  events: readonly ConsumerEvent[],
  from: ConsumerHealthState = initialHealth('billing', 0),
): { state: ConsumerHealthState; actions: SupervisorAction[] } {
  let state = from;
  const actions: SupervisorAction[] = [];
  for (const event of events) {
    const next = transition(state, event, POLICY);
    state = next.state;
    actions.push(next.action);
  }
  return { state, actions };
}

/** What kafkajs emits when a consumer crashes: STOP and DISCONNECT first, then CRASH. */
const crash = (at: number, restart: boolean): ConsumerEvent[] => [
  { type: 'stopped', at },
  { type: 'stopped', at },
  { type: 'crashed', at, restart, fault: FAULT },
];

describe('consumer health state machine', () => {
  it('is ready while joining within the grace period and once joined', () => {
    const starting = initialHealth('billing', 0);
    assert.equal(assess(starting, 29_000, GRACE).ready, true);
    const { state } = given([{ type: 'joined', at: 2_000 }]);
    assert.deepEqual(assess(state, 500_000, GRACE), {
      group: 'billing',
      phase: 'joined',
      ready: true,
      since: new Date(2_000).toISOString(),
      restarts: 0,
    });
  });

  it('is not ready when it has not joined its group within the grace period', () => {
    const health = assess(initialHealth('billing', 0), 31_000, GRACE);
    assert.equal(health.ready, false);
    assert.equal(health.reason, 'joining for 31 s, longer than 30 s');
  });

  it('tolerates a rebalance up to the grace period, counted from when the rebalance began', () => {
    const { state, actions } = given([
      { type: 'joined', at: 1_000 },
      { type: 'rebalancing', at: 100_000 },
      { type: 'rebalancing', at: 120_000 },
    ]);
    assert.equal(state.phase, 'rebalancing');
    assert.equal(assess(state, 130_000, GRACE).ready, true);
    assert.equal(assess(state, 130_001, GRACE).ready, false);
    assert.deepEqual(
      actions.map((a) => a.kind),
      ['none', 'none', 'none'],
    );
    const rejoined = given([{ type: 'joined', at: 140_000 }], state).state;
    assert.equal(assess(rejoined, 500_000, GRACE).ready, true);
  });

  it('is not ready at once after a crash, and leaves a retriable crash to kafkajs', () => {
    const { state, actions } = given([{ type: 'joined', at: 1_000 }, ...crash(5_000, true)]);
    assert.equal(state.phase, 'crashed');
    const health = assess(state, 5_000, GRACE);
    assert.equal(health.ready, false);
    assert.equal(
      health.reason,
      'crashed 0 s ago: KafkaJSNonRetriableError: The group is rebalancing',
    );
    // STOP and DISCONNECT ask for a restart; the CRASH that follows says kafkajs restarts itself.
    assert.deepEqual(actions.slice(1), [
      { kind: 'restart', delayMs: 1_000 },
      { kind: 'restart', delayMs: 1_000 },
      { kind: 'leave-to-kafkajs' },
    ]);
  });

  it('restarts a consumer kafkajs gave up on, and stays not ready until it joined again', () => {
    const { state, actions } = given([
      { type: 'joined', at: 1_000 },
      ...crash(5_000, false),
      { type: 'restarting', at: 6_000 },
      { type: 'rebalancing', at: 6_500 },
    ]);
    assert.deepEqual(actions.at(3), { kind: 'restart', delayMs: 1_000 });
    assert.equal(state.phase, 'crashed', 'a restart alone does not make it ready');
    assert.equal(state.since, 5_000, 'down since the crash');
    assert.equal(state.restarts, 1);
    assert.equal(assess(state, 7_000, GRACE).ready, false);
    const joined = given([{ type: 'joined', at: 8_000 }], state).state;
    assert.equal(joined.fault, undefined);
    assert.deepEqual(assess(joined, 9_000, GRACE), {
      group: 'billing',
      phase: 'joined',
      ready: true,
      since: new Date(8_000).toISOString(),
      restarts: 1,
    });
  });

  it('treats a stop nobody asked for as down and restarts the consumer', () => {
    const { state, actions } = given([
      { type: 'joined', at: 1_000 },
      { type: 'stopped', at: 2_000 },
    ]);
    assert.equal(state.phase, 'stopped');
    assert.equal(assess(state, 4_000, GRACE).reason, 'stopped unexpectedly 2 s ago');
    assert.deepEqual(actions.at(-1), { kind: 'restart', delayMs: 1_000 });
  });

  it('doubles the restart delay while restarts keep failing, up to the cap', () => {
    let { state } = given([{ type: 'joined', at: 1_000 }, ...crash(2_000, false)]);
    const delays: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      state = transition(state, { type: 'restarting', at: 3_000 + i }, POLICY).state;
      const failed = transition(
        state,
        { type: 'restart-failed', at: 3_000 + i, fault: FAULT },
        POLICY,
      );
      state = failed.state;
      if (failed.action.kind === 'restart') delays.push(failed.action.delayMs);
    }
    assert.deepEqual(delays, [2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    assert.equal(state.phase, 'crashed');
    assert.equal(state.restarts, 7);
  });

  it('keeps backing off when a restarted consumer crashes again soon after joining', () => {
    const { actions } = given([
      { type: 'joined', at: 1_000 },
      ...crash(2_000, false),
      { type: 'restarting', at: 3_000 },
      { type: 'joined', at: 3_500 },
      ...crash(4_000, false),
    ]);
    assert.deepEqual(actions.at(-1), { kind: 'restart', delayMs: 2_000 });
  });

  it('starts the backoff over once the consumer stayed in its group for the longest delay', () => {
    const { actions } = given([
      { type: 'joined', at: 1_000 },
      ...crash(2_000, false),
      { type: 'restarting', at: 3_000 },
      { type: 'joined', at: 3_500 },
      { type: 'rebalancing', at: 20_000 },
      { type: 'joined', at: 21_000 },
      ...crash(3_500 + POLICY.maxDelayMs, false),
    ]);
    assert.deepEqual(actions.at(-1), { kind: 'restart', delayMs: 1_000 });
  });

  it('computes restart delays from the policy', () => {
    assert.equal(restartDelay(POLICY, 0), 1_000);
    assert.equal(restartDelay(POLICY, 3), 8_000);
    assert.equal(restartDelay(POLICY, 20), 30_000);
  });
});

describe('faultOf', () => {
  it("keeps an error's name and its message without quoted values (the readiness reason shows it)", () => {
    assert.deepEqual(faultOf(new TypeError('invalid "string": "DOEPHI"')), {
      name: 'TypeError',
      message: 'invalid "[Redacted]": "[Redacted]"',
    });
    assert.deepEqual(faultOf('broker said "DOEPHI"'), {
      name: 'Error',
      message: 'broker said "[Redacted]"',
    });
  });
});
