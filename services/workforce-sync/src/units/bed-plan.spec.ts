import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planBeds } from './bed-plan.js';
import type { BoardBed } from './bed-plan.js';

function bed(roomId: string, bedId: string, status: BoardBed['status'] = 'AVAILABLE'): BoardBed {
  return {
    roomId,
    bedId,
    status,
    encounterId: status === 'OCCUPIED' ? `V-${roomId}${bedId}` : null,
  };
}

describe('bed plan of a unit import', () => {
  test('adds every bed of a new unit, in the order of its rooms', () => {
    const plan = planBeds(
      [],
      [
        { roomId: '702', beds: ['A'] },
        { roomId: '701', beds: ['A', 'B'] },
      ],
    );
    assert.deepEqual(plan, {
      added: [
        { roomId: '702', bedId: 'A' },
        { roomId: '701', bedId: 'A' },
        { roomId: '701', bedId: 'B' },
      ],
      removed: [],
      occupied: [],
    });
  });

  test('keeps listed beds whatever their status, adds new ones and removes the ones left out', () => {
    const plan = planBeds(
      [bed('701', 'A', 'OCCUPIED'), bed('701', 'B', 'CLEANING'), bed('702', 'A', 'BLOCKED')],
      [{ roomId: '701', beds: ['A', 'B', 'C'] }],
    );
    assert.deepEqual(plan.added, [{ roomId: '701', bedId: 'C' }]);
    assert.deepEqual(plan.removed, [{ roomId: '702', bedId: 'A' }]);
    assert.deepEqual(plan.occupied, []);
  });

  test('never removes an occupied bed: it is reported instead', () => {
    const plan = planBeds(
      [bed('701', 'A', 'OCCUPIED'), bed('701', 'B'), bed('702', 'A')],
      [{ roomId: '702', beds: ['A'] }],
    );
    assert.deepEqual(plan.removed, [{ roomId: '701', bedId: 'B' }]);
    assert.deepEqual(plan.occupied, [bed('701', 'A', 'OCCUPIED')]);
  });

  test('treats a bed an active placement holds as occupied, whatever its status says', () => {
    const plan = planBeds(
      [bed('701', 'A', 'CLEANING')],
      [{ roomId: '702', beds: ['A'] }],
      [{ roomId: '701', bedId: 'A' }],
    );
    assert.deepEqual(plan.removed, []);
    assert.deepEqual(
      plan.occupied.map((b) => [b.roomId, b.bedId]),
      [['701', 'A']],
    );
  });

  test('a definition equal to the board changes nothing', () => {
    const plan = planBeds(
      [bed('701', 'A', 'OCCUPIED'), bed('701', 'B')],
      [{ roomId: '701', beds: ['B', 'A'] }],
    );
    assert.deepEqual(plan, { added: [], removed: [], occupied: [] });
  });
});
