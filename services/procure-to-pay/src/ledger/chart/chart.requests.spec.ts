import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException } from '@meridian/service-kit';
import {
  ACCOUNT_IMPORT,
  COST_CENTER_IMPORT,
  readPut,
  REVENUE_MAPPING_IMPORT,
} from './chart.requests.js';

const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InvalidRequestException);
    return (error.problem.errors ?? []).map((e) => `${e.field}: ${e.message}`);
  }
  assert.fail('expected a 400');
};

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

  test('a PUT takes the key of its path, which the body may repeat but not contradict', () => {
    assert.deepEqual(readPut(ACCOUNT_IMPORT, 'code', '1500', { name: 'Prepaid', type: 'ASSET' }), {
      code: '1500',
      name: 'Prepaid',
      type: 'ASSET',
    });
    assert.deepEqual(
      fieldsOf(() =>
        readPut(ACCOUNT_IMPORT, 'code', '1500', { code: '1501', name: 'x', type: 'ASSET' }),
      ),
      ['code: must be the code of the path, 1500, or left out'],
    );
    assert.deepEqual(
      fieldsOf(() => readPut(ACCOUNT_IMPORT, 'code', '1500', { name: 'x', type: 'INCOME' })),
      ['type: must be one of ASSET, LIABILITY, REVENUE, EXPENSE'],
    );
    assert.deepEqual(
      fieldsOf(() => readPut(ACCOUNT_IMPORT, 'code', '1500', [])),
      ['body: must be a JSON object (one account)'],
    );
  });
});
