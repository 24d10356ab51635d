import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ItemRow } from '../items/item-master.store.js';
import { itemRefusal, notOverridden } from './implant-commands.service.js';

const recall = (recallNumber: string) => ({ recallNumber, recallClass: 'II' as const });

const IMPLANT: ItemRow = {
  itemId: 'ITM-7001',
  description: 'BONE ANCHOR',
  unitOfMeasure: 'EA',
  gtins: [],
  deviceIdentifiers: [{ issuingAgency: 'HIBCC', deviceIdentifier: 'H123ANCHOR0' }],
  hcpcsCode: 'C1713',
  chargeCode: '2780007001',
  unitCost: '410.00',
  active: true,
  implant: true,
  manufacturer: null,
  model: null,
  supplierId: 'SUP-1',
  supplierItemNumber: null,
  consignment: true,
};

describe('implant confirmation rules', () => {
  test('an override covers the recalls it names, one or several comma-separated, and no other', () => {
    const recalls = [recall('Z-0001-2026'), recall('Z-0002-2026'), recall('Z-0003-2026')];
    assert.deepEqual(notOverridden(recalls, null), recalls);
    assert.deepEqual(
      notOverridden(recalls, { recallNumber: 'Z-0001-2026, Z-0003-2026' }).map(
        (r) => r.recallNumber,
      ),
      ['Z-0002-2026'],
    );
    assert.deepEqual(notOverridden([recall('Z-0001-2026')], { recallNumber: 'Z-0001-2026' }), []);
  });

  test('an active implant with a supplier confirms; anything else is refused with its own code', () => {
    assert.equal(itemRefusal(IMPLANT), null);
    assert.equal(itemRefusal({ ...IMPLANT, implant: false })?.code, 'ITEM_NOT_IMPLANT');
    assert.equal(itemRefusal({ ...IMPLANT, active: false })?.code, 'ITEM_INACTIVE');
    assert.equal(itemRefusal({ ...IMPLANT, supplierId: null })?.code, 'ITEM_SUPPLIER_MISSING');
    assert.deepEqual(itemRefusal({ ...IMPLANT, active: false })?.details, { itemId: 'ITM-7001' });
    assert.equal(itemRefusal({ ...IMPLANT, implant: false })?.retriable, false);
  });
});
