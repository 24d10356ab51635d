import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SagaTransitioned } from '@meridian/contracts';
import { traceIdOf, transitionFacts } from './saga-transition.js';
import type { SagaRow } from './saga-transition.js';

const T0 = new Date('2026-12-06T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

function event(overrides: Partial<SagaTransitioned>): SagaTransitioned {
  return {
    envelope: {} as SagaTransitioned['envelope'],
    sagaId: '5d0c9a6e-4a44-4d5c-9a4e-5f0e9f1d2a11',
    sagaType: 'discharge-to-revenue',
    definitionVersion: 1,
    businessKey: 'ENC-1',
    fromStatus: 'RUNNING',
    toStatus: 'RUNNING',
    stepName: 'ReleaseBed',
    error: null,
    stateVersion: 2,
    transitionedAt: at(10),
    startedAt: T0,
    stepExpectedBy: null,
    ...overrides,
  } as SagaTransitioned;
}

const row = (overrides: Partial<SagaRow> = {}): SagaRow => ({
  stepName: 'ReleaseBed',
  stateVersion: 1,
  updatedAt: at(4),
  stepStartedAt: T0,
  ...overrides,
});

describe('transitionFacts', () => {
  test('the first transition starts the step and has no duration', () => {
    const facts = transitionFacts(
      null,
      event({ fromStatus: null, stateVersion: 1, transitionedAt: T0 }),
    );
    assert.deepEqual(facts, {
      newest: true,
      durationMs: null,
      left: null,
      sagaMs: null,
      stepStartedAt: T0,
    });
  });

  test('moving to another step records the time spent at the one left', () => {
    const facts = transitionFacts(row(), event({ stepName: 'FinalizeCharges' }));
    assert.deepEqual(facts.left, { step: 'ReleaseBed', ms: 10_000 });
    assert.equal(facts.durationMs, 6_000);
    assert.deepEqual(facts.stepStartedAt, at(10));
  });

  test('waiting at the same step keeps the step start and leaves nothing', () => {
    const facts = transitionFacts(row(), event({ toStatus: 'WAITING' }));
    assert.equal(facts.left, null);
    assert.deepEqual(facts.stepStartedAt, T0);
  });

  test('finishing leaves the step and measures the saga from its start', () => {
    const facts = transitionFacts(
      row(),
      event({ toStatus: 'COMPLETED', stepName: null, transitionedAt: at(30) }),
    );
    assert.deepEqual(facts.left, { step: 'ReleaseBed', ms: 30_000 });
    assert.equal(facts.sagaMs, 30_000);
  });

  test('an older transition arriving late is not the newest and leaves nothing', () => {
    const facts = transitionFacts(
      row({ stateVersion: 5 }),
      event({ stateVersion: 3, stepName: 'Other' }),
    );
    assert.equal(facts.newest, false);
    assert.equal(facts.left, null);
    assert.equal(facts.durationMs, null);
  });
});

describe('traceIdOf', () => {
  test('reads the trace id of a W3C traceparent', () => {
    assert.equal(
      traceIdOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  test('is null for a missing, malformed or all-zero one', () => {
    assert.equal(traceIdOf(undefined), null);
    assert.equal(traceIdOf('00-xyz-00f067aa0ba902b7-01'), null);
    assert.equal(traceIdOf(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`), null);
  });
});
