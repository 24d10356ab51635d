import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SagaInstance } from '@meridian/saga';
import { toSummaryView } from './views.js';

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
  startedAt: new Date('2026-11-22T10:00:00Z'),
  updatedAt: new Date('2026-11-22T10:05:00Z'),
  traceContext: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

describe('saga views', () => {
  test('name the current step from the definition and link the trace', () => {
    const view = toSummaryView(instance, (type, version, index) =>
      type === 'discharge-to-revenue' && version === 1
        ? ['A', 'B', 'C', 'CompleteCoding'][index]
        : undefined,
    );
    assert.equal(view.currentStep, 'CompleteCoding');
    assert.equal(view.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(view.startedAt, '2026-11-22T10:00:00.000Z');
  });

  test('leave the step and trace empty when unknown', () => {
    const view = toSummaryView({ ...instance, traceContext: {} }, () => undefined);
    assert.equal(view.currentStep, null);
    assert.equal(view.traceId, null);
  });
});
