import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReleaseBed, ReleaseBedReply } from '@meridian/contracts';
import {
  behaviour,
  countsEarlier,
  parseBehaviour,
  resolveBehaviour,
  staticResults,
  TRANSIENT_FAILURE_CODE,
  type Behaviour,
  type SagaCommand,
} from './participant-behaviour.js';

const command: SagaCommand = {
  envelope: {
    messageId: '6f1c8c1e-6a39-4a4b-9d37-4f3f5d0f8a01',
    occurredAt: new Date('2026-03-02T10:00:00Z'),
    correlationId: 'c2b1d3e4-0000-4000-8000-000000000001',
    causationId: null,
    source: 'saga-orchestrator',
  },
  sagaId: 'c2b1d3e4-0000-4000-8000-000000000001',
  sagaType: 'discharge-to-revenue',
  stepName: 'ReleaseBed',
};

const succeed: Behaviour = { kind: 'succeed' };

describe('participant behaviours', () => {
  it('succeeds with no result fields, a static result, or one computed from the command', () => {
    assert.deepEqual(resolveBehaviour(succeed, command, 0), {
      delayMs: 0,
      reply: { outcome: 'SUCCEEDED', result: {} },
    });
    assert.deepEqual(
      resolveBehaviour({ kind: 'succeed', result: { unitCensus: 11 } }, command, 0).reply,
      { outcome: 'SUCCEEDED', result: { unitCensus: 11 } },
    );
    const computed = resolveBehaviour(
      { kind: 'succeed', result: (c) => ({ drgCode: c.stepName }) },
      command,
      0,
    );
    assert.deepEqual(computed.reply, { outcome: 'SUCCEEDED', result: { drgCode: 'ReleaseBed' } });
  });

  it('fails as a business rejection unless told the failure is retriable', () => {
    assert.deepEqual(
      resolveBehaviour(
        { kind: 'fail', code: 'BED_REASSIGNED', message: 'bed 412-A taken' },
        command,
        0,
      ).reply,
      {
        outcome: 'FAILED',
        failure: {
          code: 'BED_REASSIGNED',
          message: 'bed 412-A taken',
          retriable: false,
          details: null,
        },
      },
    );
    const retriable = resolveBehaviour(
      {
        kind: 'fail',
        code: 'LOCKED',
        message: 'bed board locked',
        retriable: true,
        details: { unit: '4W' },
      },
      command,
      0,
    );
    assert.deepEqual(retriable.reply, {
      outcome: 'FAILED',
      failure: {
        code: 'LOCKED',
        message: 'bed board locked',
        retriable: true,
        details: { unit: '4W' },
      },
    });
  });

  it('fails the first n commands of a saga step retriably, then behaves as told', () => {
    const script: Behaviour = { kind: 'fail-times', times: 2, then: succeed };
    const outcomes = [0, 1, 2, 3].map(
      (earlier) => resolveBehaviour(script, command, earlier).reply,
    );
    assert.deepEqual(
      outcomes.map((r) => r?.outcome),
      ['FAILED', 'FAILED', 'SUCCEEDED', 'SUCCEEDED'],
    );
    const first = outcomes[0];
    assert.ok(first?.outcome === 'FAILED');
    assert.equal(first.failure.code, TRANSIENT_FAILURE_CODE);
    assert.equal(first.failure.retriable, true);
    assert.match(first.failure.message, /failure 1 of 2 for step ReleaseBed/);
  });

  it('composes counted behaviours: silent once, then fail once, then succeed', () => {
    const script: Behaviour = {
      kind: 'times',
      times: 1,
      behaviour: { kind: 'silent' },
      then: { kind: 'fail-times', times: 1, code: 'LOCKED', message: 'locked', then: succeed },
    };
    assert.deepEqual(
      [0, 1, 2].map((earlier) => resolveBehaviour(script, command, earlier).reply?.outcome ?? null),
      [null, 'FAILED', 'SUCCEEDED'],
    );
  });

  it('depends on the commands handled before only through counted behaviours', () => {
    const counted: Behaviour[] = [
      { kind: 'fail-times', times: 1, then: succeed },
      { kind: 'times', times: 1, behaviour: { kind: 'silent' }, then: succeed },
      { kind: 'delay', ms: 10, then: { kind: 'fail-times', times: 2, then: succeed } },
    ];
    const constant: Behaviour[] = [
      succeed,
      { kind: 'fail', code: 'NO_BED', message: 'no bed' },
      { kind: 'silent' },
      { kind: 'delay', ms: 10, then: succeed },
    ];
    assert.deepEqual(counted.map(countsEarlier), [true, true, true]);
    assert.deepEqual(constant.map(countsEarlier), [false, false, false, false]);
    for (const script of constant)
      assert.deepEqual(resolveBehaviour(script, command, 0), resolveBehaviour(script, command, 5));
  });

  it('adds up nested delays and keeps the behaviour they wrap', () => {
    const script: Behaviour = {
      kind: 'delay',
      ms: 200,
      then: { kind: 'delay', ms: 300, then: { kind: 'silent' } },
    };
    assert.deepEqual(resolveBehaviour(script, command, 0), { delayMs: 500, reply: null });
  });

  it('reads behaviours from JSON and names the path of a malformed one', () => {
    const json = {
      kind: 'delay',
      ms: 100,
      then: { kind: 'fail-times', times: 2, then: { kind: 'succeed', result: { unitCensus: 3 } } },
    };
    const parsed = parseBehaviour(json);
    assert.deepEqual(parsed, json);
    assert.deepEqual(staticResults(parsed), [{ unitCensus: 3 }]);
    assert.throws(
      () => parseBehaviour({ kind: 'delay', ms: 100, then: { kind: 'explode' } }),
      /behaviour\.then: kind must be one of succeed, fail, fail-times, times, delay, silent \(got "explode"\)/,
    );
    assert.throws(() => parseBehaviour({ kind: 'fail', code: 'X' }), /behaviour: message must be/);
    assert.throws(
      () => parseBehaviour({ kind: 'fail-times', times: -1, then: { kind: 'silent' } }),
      /times must be a whole number >= 0/,
    );
  });

  it('types a behaviour entry by its command and reply contracts', () => {
    const [name, script] = behaviour(
      ReleaseBed,
      ReleaseBedReply,
    )({
      kind: 'succeed',
      result: (c) => ({ bedStatus: 'CLEANING', unitCensus: c.location.unitId.length }),
    });
    assert.equal(name, 'health.meridian.workforce.ReleaseBed');
    assert.equal(script.kind, 'succeed');
    // @ts-expect-error unitCensus is an int in ReleaseBedReply
    behaviour(ReleaseBed, ReleaseBedReply)({ kind: 'succeed', result: { unitCensus: 'many' } });
  });
});
