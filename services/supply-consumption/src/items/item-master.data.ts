// The item master as seeded (shared reference data of the platform). The GTINs of the reference
// table carried wrong check digits; these are the same GTINs with the GS1 mod-10 digit corrected
// (00884521123458 -> ...451, ...234567 -> ...560, ...345676 -> ...679, ...456785 -> ...788,
// ...567894 -> ...897). Unit costs (hospital cost, not the patient price) are not part of the
// reference data: they are this service's own contract-cost figures.

export interface ItemMasterEntry {
  readonly itemId: string;
  readonly gtin: string | null;
  readonly description: string;
  readonly unitOfMeasure: string;
  readonly chargeCode: string | null;
  readonly hcpcsCode: string | null;
  readonly unitCost: string;
}

export const ITEM_MASTER: readonly ItemMasterEntry[] = [
  {
    itemId: 'ITM-1001',
    gtin: '00884521123451',
    description: 'FOLEY CATHETER TRAY 16FR',
    unitOfMeasure: 'EA',
    chargeCode: '2720001',
    hcpcsCode: null,
    unitCost: '18.40',
  },
  {
    itemId: 'ITM-1002',
    gtin: '00884521234560',
    description: 'CENTRAL LINE KIT TRIPLE LUMEN',
    unitOfMeasure: 'EA',
    chargeCode: '2720002',
    hcpcsCode: null,
    unitCost: '96.50',
  },
  {
    itemId: 'ITM-1003',
    gtin: '00884521345679',
    description: 'IV START KIT',
    unitOfMeasure: 'EA',
    chargeCode: '2700003',
    hcpcsCode: null,
    unitCost: '4.85',
  },
  {
    itemId: 'ITM-1004',
    gtin: '00884521456788',
    description: 'NEGATIVE PRESSURE WOUND DRESSING KIT',
    unitOfMeasure: 'EA',
    chargeCode: '2700004',
    hcpcsCode: 'A6550',
    unitCost: '71.20',
  },
  {
    itemId: 'ITM-1005',
    gtin: '00884521567897',
    description: 'ENOXAPARIN 40 MG SYRINGE',
    unitOfMeasure: 'EA',
    chargeCode: '2500005',
    hcpcsCode: 'J1650',
    unitCost: '9.75',
  },
  // Floor stock: no charge code, never on a claim; no GS1 barcode in the reference data.
  {
    itemId: 'ITM-2001',
    gtin: null,
    description: 'NITRILE EXAM GLOVES',
    unitOfMeasure: 'BX',
    chargeCode: null,
    hcpcsCode: null,
    unitCost: '6.90',
  },
  {
    itemId: 'ITM-2002',
    gtin: null,
    description: 'GAUZE 4X4',
    unitOfMeasure: 'PK',
    chargeCode: null,
    hcpcsCode: null,
    unitCost: '1.35',
  },
];
