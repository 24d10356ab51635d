// The chargemaster the platform's demo and tests share (see the shared reference data): room and
// board per nursing unit, procedures by CPT, supplies of the item master, and implants, every row
// network-wide (facility null), so an encounter of any facility of the network is priced by them
// unless its facility has rows of its own. Written by the same code as the import API
// (`writeChargemasterRows`); further rows and changes go through the API
// (`PUT /chargemaster/:cdmCode`, `POST /chargemaster/import`), not migrations. A column the writer
// writes is added by a migration ordered before this one (RevenueReferenceData1795400050000), so a
// fresh database has it when this runs; a new column must be nullable or have a default.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { ChargemasterKind } from './chargemaster-item.entity.js';
import { writeChargemasterRows } from './chargemaster.store.js';
import type { ChargemasterRow } from './chargemaster.store.js';

interface SeedRow {
  readonly cdmCode: string;
  readonly description: string;
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  readonly unitPrice: string;
  readonly kind: ChargemasterKind;
  readonly unitId?: string;
  readonly itemId?: string;
}

export const CHARGEMASTER_SEED: readonly SeedRow[] = [
  // Room & board per day; revenue code by accommodation (semi-private, CCU, ICU, pediatric).
  {
    cdmCode: '0110001',
    description: 'R&B MED/SURG 4 WEST SEMI-PRIVATE',
    revenueCode: '0120',
    cptHcpcsCode: null,
    unitPrice: '2450.00',
    kind: 'ROOM_AND_BOARD',
    unitId: '4W',
  },
  {
    cdmCode: '0110002',
    description: 'R&B TELEMETRY 5 EAST INTERMEDIATE',
    revenueCode: '0214',
    cptHcpcsCode: null,
    unitPrice: '3150.00',
    kind: 'ROOM_AND_BOARD',
    unitId: '5E',
  },
  {
    cdmCode: '0110003',
    description: 'R&B MEDICAL ICU',
    revenueCode: '0200',
    cptHcpcsCode: null,
    unitPrice: '6800.00',
    kind: 'ROOM_AND_BOARD',
    unitId: 'ICU',
  },
  {
    cdmCode: '0110004',
    description: 'R&B PEDIATRICS PRIVATE',
    revenueCode: '0113',
    cptHcpcsCode: null,
    unitPrice: '2900.00',
    kind: 'ROOM_AND_BOARD',
    unitId: 'PEDS',
  },
  {
    cdmCode: '3240001',
    description: 'XR CHEST 2 VIEWS',
    revenueCode: '0324',
    cptHcpcsCode: '71046',
    unitPrice: '310.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '7300001',
    description: 'ECG 12 LEAD TRACING',
    revenueCode: '0730',
    cptHcpcsCode: '93005',
    unitPrice: '180.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '3010001',
    description: 'COMPREHENSIVE METABOLIC PANEL',
    revenueCode: '0301',
    cptHcpcsCode: '80053',
    unitPrice: '145.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '3050001',
    description: 'CBC W AUTO DIFF',
    revenueCode: '0305',
    cptHcpcsCode: '85025',
    unitPrice: '95.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '3520001',
    description: 'CT ABD & PELVIS W CONTRAST',
    revenueCode: '0352',
    cptHcpcsCode: '74177',
    unitPrice: '2850.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '3610001',
    description: 'INSERT CENTRAL VENOUS CATHETER',
    revenueCode: '0361',
    cptHcpcsCode: '36556',
    unitPrice: '1250.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '4240001',
    description: 'PT EVALUATION LOW COMPLEXITY',
    revenueCode: '0424',
    cptHcpcsCode: '97161',
    unitPrice: '260.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '4500001',
    description: 'ED VISIT LEVEL 4',
    revenueCode: '0450',
    cptHcpcsCode: '99284',
    unitPrice: '1480.00',
    kind: 'PROCEDURE',
  },
  {
    cdmCode: '2720001',
    description: 'FOLEY CATHETER TRAY 16FR',
    revenueCode: '0272',
    cptHcpcsCode: null,
    unitPrice: '85.00',
    kind: 'SUPPLY',
    itemId: 'ITM-1001',
  },
  {
    cdmCode: '2720002',
    description: 'CENTRAL LINE KIT TRIPLE LUMEN',
    revenueCode: '0272',
    cptHcpcsCode: null,
    unitPrice: '410.00',
    kind: 'SUPPLY',
    itemId: 'ITM-1002',
  },
  {
    cdmCode: '2700003',
    description: 'IV START KIT',
    revenueCode: '0270',
    cptHcpcsCode: null,
    unitPrice: '32.00',
    kind: 'SUPPLY',
    itemId: 'ITM-1003',
  },
  {
    cdmCode: '2700004',
    description: 'NEGATIVE PRESSURE WOUND DRESSING KIT',
    revenueCode: '0270',
    cptHcpcsCode: 'A6550',
    unitPrice: '265.00',
    kind: 'SUPPLY',
    itemId: 'ITM-1004',
  },
  {
    cdmCode: '2500005',
    description: 'ENOXAPARIN 40 MG SYRINGE',
    revenueCode: '0250',
    cptHcpcsCode: 'J1650',
    unitPrice: '58.00',
    kind: 'SUPPLY',
    itemId: 'ITM-1005',
  },
  // Implants (revenue code 0278, HCPCS device codes) for implant-to-invoice.
  {
    cdmCode: '2780001234',
    description: 'HIP ACETABULAR CUP',
    revenueCode: '0278',
    cptHcpcsCode: 'C1776',
    unitPrice: '6200.00',
    kind: 'IMPLANT',
  },
  {
    cdmCode: '2780001235',
    description: 'HIP FEMORAL STEM',
    revenueCode: '0278',
    cptHcpcsCode: 'C1776',
    unitPrice: '7400.00',
    kind: 'IMPLANT',
  },
  {
    cdmCode: '2780002001',
    description: 'BONE ANCHOR',
    revenueCode: '0278',
    cptHcpcsCode: 'C1713',
    unitPrice: '950.00',
    kind: 'IMPLANT',
  },
];

/** The seed as the rows written: active, network-wide, no unit or item id unless given. */
export const CHARGEMASTER_SEED_ROWS: readonly ChargemasterRow[] = CHARGEMASTER_SEED.map((row) => ({
  ...row,
  active: true,
  unitId: row.unitId ?? null,
  itemId: row.itemId ?? null,
  facilityId: null,
}));

export class ChargemasterSeed1795400100000 implements MigrationInterface {
  readonly name = 'ChargemasterSeed1795400100000';

  async up(q: QueryRunner): Promise<void> {
    await writeChargemasterRows(q.manager, CHARGEMASTER_SEED_ROWS);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM chargemaster_item WHERE cdm_code = ANY($1)', [
      CHARGEMASTER_SEED.map((row) => row.cdmCode),
    ]);
  }
}
