import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACCOUNT_IMPORT, COST_CENTER_IMPORT, REVENUE_MAPPING_IMPORT } from './chart.requests.js';

describe('chart import rows', () => {
  test('reads an account, a cost center without a unit (null or absent) and a family mapping', () => {
    assert.deepEqual(
      ACCOUNT_IMPORT.validateRow({ code: '4300', name: ' Clinic ', type: 'REVENUE' }),
      {
        ok: true,
        value: { code: '4300', name: 'Clinic', type: 'REVENUE' },
      },
    );
    assert.deepEqual(
      COST_CENTER_IMPORT.validateRow({ code: 'CC-FIN', name: 'PFS', unitId: null }),
      {
        ok: true,
        value: { code: 'CC-FIN', name: 'PFS', unitId: null },
      },
    );
    const family = {
      revenueCode: '051',
      glAccount: '4300',
      costCenter: 'CC-ED',
      description: 'Clinic',
    };
    assert.deepEqual(REVENUE_MAPPING_IMPORT.validateRow(family), { ok: true, value: family });
  });

  test('names every invalid field of a row, once each', () => {
    const result = REVENUE_MAPPING_IMPORT.validateRow({
      revenueCode: '05100',
      glAccount: 'GL-4300',
      costCenter: 'cc ed',
      memo: 'x',
    });
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.field), [
      'memo',
      'revenueCode',
      'glAccount',
      'costCenter',
      'description',
    ]);
  });
});
