import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { covers, inLotRange, lotRange } from './recall-coverage.js';
import type { LotRange, RecallScope } from './recall-coverage.js';

function range(from: string, to: string): LotRange {
  const result = lotRange(from, to);
  assert.ok(result.ok, JSON.stringify(result));
  return result.range;
}

const none: RecallScope = { lots: [], lotFrom: null, lotTo: null, serials: [] };

describe('recall coverage', () => {
  test('a lot range has one prefix and numeric suffixes of one width, lotFrom not above lotTo', () => {
    assert.deepEqual(range('A2026-0100', 'A2026-0199'), {
      prefix: 'A2026-',
      from: '0100',
      to: '0199',
    });
    assert.deepEqual(range('0100', '0100'), { prefix: '', from: '0100', to: '0100' });
    assert.deepEqual(lotRange('LOT', 'LOT9'), {
      ok: false,
      field: 'lotFrom',
      message: 'must end in digits (a lot range)',
    });
    assert.equal(lotRange('A100', 'B199').ok, false);
    assert.deepEqual(lotRange('A100', 'A1000'), {
      ok: false,
      field: 'lotTo',
      message: 'must end in 3 digits like lotFrom',
    });
    assert.deepEqual(lotRange('A200', 'A199'), {
      ok: false,
      field: 'lotTo',
      message: 'must not be below lotFrom',
    });
  });

  test('a lot is in a range with the prefix, the width and a suffix between the bounds', () => {
    const r = range('A2026-0100', 'A2026-0199');
    for (const lot of ['A2026-0100', 'A2026-0150', 'A2026-0199'])
      assert.ok(inLotRange(lot, r), lot);
    for (const lot of [
      'A2026-0099',
      'A2026-0200',
      'A2026-150',
      'A2026-00150',
      'a2026-0150',
      'B2026-0150',
      'A2026-01X0',
    ])
      assert.ok(!inLotRange(lot, r), lot);
  });

  test('numeric suffixes longer than a safe integer compare by value', () => {
    const r = range('X12345678901234567890', 'X12345678901234567899');
    assert.ok(inLotRange('X12345678901234567895', r));
    assert.ok(!inLotRange('X12345678901234567900', r));
  });

  test('a recall covers listed lots, its lot range and listed serials; none listed covers all', () => {
    const scope: RecallScope = {
      lots: ['L1', 'L2'],
      lotFrom: 'R010',
      lotTo: 'R020',
      serials: ['S9'],
    };
    assert.ok(covers(scope, { lotNumber: 'L2', serialNumber: null }));
    assert.ok(covers(scope, { lotNumber: 'R015', serialNumber: 'S1' }));
    assert.ok(covers(scope, { lotNumber: null, serialNumber: 'S9' }));
    assert.ok(!covers(scope, { lotNumber: 'L3', serialNumber: 'S1' }));
    assert.ok(!covers(scope, { lotNumber: null, serialNumber: null }));
    assert.ok(covers(none, { lotNumber: null, serialNumber: null }));
    assert.ok(covers(none, { lotNumber: 'ANY', serialNumber: 'ANY' }));
  });
});
