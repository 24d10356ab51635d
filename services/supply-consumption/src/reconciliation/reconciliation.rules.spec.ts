import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SupplyUsage } from '../usage/supply-usage.entity.js';
import {
  chargeableLines,
  reconciliationWindow,
  toChargeableSupply,
} from './reconciliation.rules.js';

function usage(overrides: Partial<SupplyUsage>): SupplyUsage {
  return Object.assign(new SupplyUsage(), {
    usageId: '00000000-0000-4000-8000-000000000001',
    encounterId: 'MGH:V000123',
    itemId: 'ITM-1002',
    gtin: '00884521234560',
    lotNumber: null,
    serialNumber: null,
    expirationDate: null,
    quantity: 1,
    unitOfMeasure: 'EA',
    chargeable: true,
    chargeCode: '2720002',
    hcpcsCode: null,
    unitCost: '96.50',
    unitId: '4W',
    usedAt: new Date('2026-03-10T10:00:00Z'),
    recordedBy: null,
    recordedAt: new Date('2026-03-10T10:01:00Z'),
    voidedAt: null,
    voidReason: null,
    voidedBy: null,
    reconciledSagaId: null,
    reconciledAt: null,
    ...overrides,
  });
}

describe('reconciliation window', () => {
  test('opens a day before admission and closes a day after discharge', () => {
    const window = reconciliationWindow(
      new Date('2026-03-08T22:15:00Z'),
      new Date('2026-03-12T09:00:00Z'),
    );
    assert.deepEqual(window, {
      start: new Date('2026-03-07T22:15:00Z'),
      end: new Date('2026-03-13T09:00:00Z'),
    });
  });
});

describe('chargeable lines', () => {
  test('keep chargeable, non-voided usages, one line per usage in order of use', () => {
    const lines = chargeableLines([
      usage({
        usageId: '00000000-0000-4000-8000-000000000003',
        itemId: 'ITM-1005',
        chargeCode: '2500005',
        hcpcsCode: 'J1650',
        quantity: 2,
        usedAt: new Date('2026-03-11T08:00:00Z'),
      }),
      usage({ usageId: '00000000-0000-4000-8000-000000000001' }),
      usage({
        usageId: '00000000-0000-4000-8000-000000000002',
        itemId: 'ITM-2001',
        chargeable: false,
        chargeCode: null,
        unitOfMeasure: 'BX',
      }),
      usage({ usageId: '00000000-0000-4000-8000-000000000004', voidedAt: new Date() }),
    ]);
    assert.deepEqual(lines, [
      {
        usageId: '00000000-0000-4000-8000-000000000001',
        itemId: 'ITM-1002',
        chargeCode: '2720002',
        hcpcsCode: null,
        quantity: 1,
        unitOfMeasure: 'EA',
        usedAt: '2026-03-10T10:00:00.000Z',
      },
      {
        usageId: '00000000-0000-4000-8000-000000000003',
        itemId: 'ITM-1005',
        chargeCode: '2500005',
        hcpcsCode: 'J1650',
        quantity: 2,
        unitOfMeasure: 'EA',
        usedAt: '2026-03-11T08:00:00.000Z',
      },
    ]);
  });

  test('are none for no usages', () => {
    assert.deepEqual(chargeableLines([]), []);
  });

  test('become ChargeableSupply records with usedAt as a Date', () => {
    const [line] = chargeableLines([usage({})]);
    assert.ok(line);
    const supply = toChargeableSupply(line);
    assert.ok(supply.usedAt instanceof Date);
    assert.equal(supply.usedAt.toISOString(), '2026-03-10T10:00:00.000Z');
    assert.equal(supply.chargeCode, '2720002');
  });
});
