import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideRecall, expiry } from './implant-capture.rules.js';

const ZONE = 'America/New_York';
const NOW = new Date('2026-03-15T12:00:00.000Z');

describe('implant capture rules', () => {
  test('a device is usable on its expiry date and expired from the next day, in the facility zone', () => {
    const udi = { expirationDate: '2026-03-14' };
    // 02:00 UTC on the 15th is still the 14th in New York.
    assert.equal(expiry(udi, new Date('2026-03-15T02:00:00Z'), ZONE), null);
    assert.deepEqual(expiry(udi, new Date('2026-03-15T05:00:00Z'), ZONE), {
      expirationDate: '2026-03-14',
      usedOn: '2026-03-15',
    });
    assert.equal(expiry({ expirationDate: null }, NOW, ZONE), null);
  });

  test('a recalled device is refused unless the request overrides it, naming every covering recall', () => {
    const recalls = [
      { recallNumber: 'Z-0001-2026', recallClass: 'I' as const },
      { recallNumber: 'Z-0002-2026', recallClass: 'II' as const },
    ];
    const override = { reason: 'no alternative', overriddenBy: 'dr.jones' };
    assert.deepEqual(decideRecall([], override, NOW), { kind: 'clear' });
    assert.deepEqual(decideRecall(recalls, null, NOW), {
      kind: 'recalled',
      recallNumbers: ['Z-0001-2026', 'Z-0002-2026'],
    });
    assert.deepEqual(decideRecall(recalls, override, NOW), {
      kind: 'overridden',
      override: {
        recallNumber: 'Z-0001-2026, Z-0002-2026',
        reason: 'no alternative',
        overriddenBy: 'dr.jones',
        overriddenAt: NOW.toISOString(),
      },
    });
  });
});
