// The item master the platform's demo and tests share (see the shared reference data). Written by
// the same code as the import API (`writeItems`); further items and changes go through the API
// (`PUT /items/:itemId`, `POST /items/import`), not migrations. The GTINs of the reference table
// carried wrong check digits; these are the same GTINs with the GS1 mod-10 digit corrected
// (00884521123458 -> ...451, ...234567 -> ...560, ...345676 -> ...679, ...456785 -> ...788,
// ...567894 -> ...897). Unit costs (hospital cost, not the patient price) are not part of the
// reference data: they are this service's own contract-cost figures. Should the writer one day
// write a column that a later migration adds, that migration must be timestamped before this one
// (as ItemDeviceIdentifiers1795600050000 is), or this one must keep a copy of today's insert (it
// would run before that column exists on a fresh database).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { writeItems } from './item-master.store.js';
import type { ItemRow } from './item-master.store.js';

type SeedItem = Pick<
  ItemRow,
  'itemId' | 'gtins' | 'description' | 'unitOfMeasure' | 'chargeCode' | 'hcpcsCode' | 'unitCost'
>;

const SEED: readonly SeedItem[] = [
  {
    itemId: 'ITM-1001',
    gtins: ['00884521123451'],
    description: 'FOLEY CATHETER TRAY 16FR',
    unitOfMeasure: 'EA',
    chargeCode: '2720001',
    hcpcsCode: null,
    unitCost: '18.40',
  },
  {
    itemId: 'ITM-1002',
    gtins: ['00884521234560'],
    description: 'CENTRAL LINE KIT TRIPLE LUMEN',
    unitOfMeasure: 'EA',
    chargeCode: '2720002',
    hcpcsCode: null,
    unitCost: '96.50',
  },
  {
    itemId: 'ITM-1003',
    gtins: ['00884521345679'],
    description: 'IV START KIT',
    unitOfMeasure: 'EA',
    chargeCode: '2700003',
    hcpcsCode: null,
    unitCost: '4.85',
  },
  {
    itemId: 'ITM-1004',
    gtins: ['00884521456788'],
    description: 'NEGATIVE PRESSURE WOUND DRESSING KIT',
    unitOfMeasure: 'EA',
    chargeCode: '2700004',
    hcpcsCode: 'A6550',
    unitCost: '71.20',
  },
  {
    itemId: 'ITM-1005',
    gtins: ['00884521567897'],
    description: 'ENOXAPARIN 40 MG SYRINGE',
    unitOfMeasure: 'EA',
    chargeCode: '2500005',
    hcpcsCode: 'J1650',
    unitCost: '9.75',
  },
  // Floor stock: no charge code, never on a claim; no GS1 barcode in the reference data.
  {
    itemId: 'ITM-2001',
    gtins: [],
    description: 'NITRILE EXAM GLOVES',
    unitOfMeasure: 'BX',
    chargeCode: null,
    hcpcsCode: null,
    unitCost: '6.90',
  },
  {
    itemId: 'ITM-2002',
    gtins: [],
    description: 'GAUZE 4X4',
    unitOfMeasure: 'PK',
    chargeCode: null,
    hcpcsCode: null,
    unitCost: '1.35',
  },
];

/** The seed as the rows written: active, no implants (implant-to-invoice adds them). */
export const ITEM_MASTER_SEED: readonly ItemRow[] = SEED.map((item) => ({
  ...item,
  deviceIdentifiers: [],
  active: true,
  implant: false,
  manufacturer: null,
  model: null,
  supplierId: null,
  supplierItemNumber: null,
  consignment: false,
}));

export class ItemMasterSeed1795600100000 implements MigrationInterface {
  readonly name = 'ItemMasterSeed1795600100000';

  async up(q: QueryRunner): Promise<void> {
    await writeItems(q.manager, ITEM_MASTER_SEED);
  }

  async down(q: QueryRunner): Promise<void> {
    const itemIds = ITEM_MASTER_SEED.map((i) => i.itemId);
    await q.query('DELETE FROM supply_item_device_identifier WHERE item_id = ANY($1)', [itemIds]);
    await q.query('DELETE FROM supply_item WHERE item_id = ANY($1)', [itemIds]);
  }
}
