import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodingQueueItem } from '../coding-queue-item.entity.js';
import { toCodingQueueItemDto } from './coding-queue-item.dto.js';

const created = new Date('2026-03-05T12:00:00Z');
const item = (status: CodingQueueItem['status']): CodingQueueItem => ({
  id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  sagaId: '6f1c9f9e-7d7a-4a37-9b53-5a4ad1b2c3d4',
  stepName: 'CompleteCoding',
  commandMessageId: 'a0c3a1f2-1111-4a37-9b53-5a4ad1b2c3d4',
  encounterId: 'MGH:V000123',
  patientClass: 'INPATIENT',
  diagnoses: [],
  procedures: [],
  status,
  createdAt: created,
  closedAt: null,
});
const hoursLater = (hours: number): Date => new Date(created.getTime() + hours * 3_600_000);

describe('coding-queue item view', () => {
  test('is escalated once OPEN for longer than the escalation hours, not before', () => {
    assert.equal(
      toCodingQueueItemDto({ item: item('OPEN'), coding: null }, 24, hoursLater(24)).escalated,
      false,
    );
    assert.equal(
      toCodingQueueItemDto({ item: item('OPEN'), coding: null }, 24, hoursLater(24.1)).escalated,
      true,
    );
  });

  test('is never escalated once completed or cancelled', () => {
    for (const status of ['COMPLETED', 'CANCELLED'] as const) {
      assert.equal(
        toCodingQueueItemDto({ item: item(status), coding: null }, 24, hoursLater(100)).escalated,
        false,
      );
    }
  });
});
