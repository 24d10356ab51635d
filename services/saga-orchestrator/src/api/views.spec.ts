import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HumanTask, SagaInstance } from '@meridian/saga';
import { toHumanTaskView, toSummaryView } from './views.js';
import type { StepNames } from './views.js';

/** Views without trace links (JAEGER_URL unset). */
const unlinked = (stepNames: StepNames) => ({ stepNames, jaegerUrl: undefined });

const instance: SagaInstance = {
  id: '6f1c2a1e-4b7d-4a53-9a55-0c1d2e3f4a5b',
  sagaType: 'discharge-to-revenue',
  definitionVersion: 1,
  businessKey: 'ENC-1',
  dedupeKey: 'ENC-1',
  triggerMessageId: '0b8e3a52-0c4e-4c1e-9b0a-3f1f7c2d9e10',
  data: {},
  pendingCommandId: null,
  history: [],
  stateVersion: 4,
  status: 'WAITING',
  stepIndex: 3,
  direction: 'forward',
  attempt: 1,
  lastError: null,
  incident: null,
  startedAt: new Date('2026-11-22T10:00:00Z'),
  updatedAt: new Date('2026-11-22T10:05:00Z'),
  traceContext: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

describe('saga views', () => {
  test('name the current step from the definition and link the trace', () => {
    const view = toSummaryView(instance, {
      stepNames: (type, version, index) =>
        type === 'discharge-to-revenue' && version === 1
          ? ['A', 'B', 'C', 'CompleteCoding'][index]
          : undefined,
      jaegerUrl: 'http://jaeger.example:16686/',
    });
    assert.equal(view.currentStep, 'CompleteCoding');
    assert.equal(view.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(
      view.traceUrl,
      'http://jaeger.example:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736',
    );
    assert.equal(view.startedAt, '2026-11-22T10:00:00.000Z');
  });

  test("show a suspended saga's incident and last error", () => {
    const view = toSummaryView(
      {
        ...instance,
        status: 'SUSPENDED',
        lastError: {
          code: 'TIMEOUT',
          message: 'no reply within 120000 ms',
          retriable: true,
          details: null,
        },
        incident: { since: '2026-11-22T10:04:00.000Z', retries: 2 },
      },
      unlinked(() => 'FinalizeCharges'),
    );
    assert.equal(view.status, 'SUSPENDED');
    assert.deepEqual(view.incident, { since: '2026-11-22T10:04:00.000Z', retries: 2 });
    assert.equal(view.lastError?.code, 'TIMEOUT');
  });

  test('show a task with its team, reason, details and decision', () => {
    const task: HumanTask = {
      id: 'a0b1c2d3-0000-4000-8000-000000000001',
      sagaId: instance.id,
      sagaType: 'discharge-to-revenue',
      stepName: 'FinalizeCharges',
      taskType: 'CHARGEMASTER_ENTRY_MISSING',
      team: 'revenue-integrity',
      status: 'COMPLETED',
      reasonCode: 'CHARGE_CODE_NOT_FOUND',
      reason: 'no room and board row for unit 4W',
      details: { unitId: '4W' },
      dueAt: new Date('2026-11-23T10:00:00Z'),
      input: {},
      action: 'retry',
      note: 'row added',
      createdAt: new Date('2026-11-22T10:00:00Z'),
      completedAt: new Date('2026-11-22T10:01:30Z'),
    };
    const view = toHumanTaskView(task, new Date('2026-11-22T12:00:00Z'));
    assert.equal(view.team, 'revenue-integrity');
    assert.equal(view.sagaType, 'discharge-to-revenue');
    assert.equal(view.reasonCode, 'CHARGE_CODE_NOT_FOUND');
    assert.deepEqual(view.details, { unitId: '4W' });
    assert.equal(view.action, 'retry');
    assert.equal(view.note, 'row added');
    assert.equal(view.ageSeconds, 90, 'until it was completed');
  });

  test('leave the step and trace empty when unknown', () => {
    const view = toSummaryView(
      { ...instance, traceContext: {} },
      { stepNames: () => undefined, jaegerUrl: 'http://jaeger.example:16686' },
    );
    assert.equal(view.currentStep, null);
    assert.equal(view.traceId, null);
    assert.equal(view.traceUrl, null);
  });

  test('give a trace id but no link when JAEGER_URL is unset', () => {
    const view = toSummaryView(
      instance,
      unlinked(() => undefined),
    );
    assert.equal(view.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(view.traceUrl, null);
  });
});
