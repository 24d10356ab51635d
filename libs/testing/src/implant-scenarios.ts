// implant-to-invoice scenarios for e2e tests, benchmarks and the demo feeder: a consignment implant
// of one supplier with a contract price, its consignment stock in an operating room and its
// chargemaster row, as the calls to the services' own import APIs that load them; the barcode on
// the box in each issuing agency's format; the supplier's invoice for a bill-only PO.
import { gs1Udi, gtinCheckDigit, hibccUdi } from '@meridian/udi';

/** A consignment implant and everything the platform must know about it to bill it. */
export interface ImplantPlan {
  readonly itemId: string;
  readonly supplierId: string;
  /** GS1 GTIN-14 of the device. */
  readonly gtin: string;
  /** HIBCC labeler code, product number and unit-of-measure digit of the same device. */
  readonly labeler: string;
  readonly product: string;
  readonly cdmCode: string;
  readonly hcpcsCode: string;
  readonly contractPrice: string;
  readonly patientPrice: string;
  /** The consignment stock location (an operating room) the device is used in. */
  readonly locationId: string;
  readonly stock: number;
}

/** One call to a service's HTTP API (reference data goes through the owner's import API). */
export interface ApiCall {
  readonly service: string;
  readonly method: 'PUT' | 'POST';
  readonly path: string;
  readonly body: unknown;
}

/** One physical device: its lot, serial and expiry (`YYYY-MM-DD`). */
export interface Device {
  readonly lot: string;
  readonly serial: string;
  readonly expiry?: string;
}

/** GS1 as a scanner sends it (FNC1 as GS), GS1 human-readable (bracketed), HIBCC. */
export type BarcodeFormat = 'GS1' | 'GS1-HRF' | 'HIBCC';

const DEFAULT_EXPIRY = '2029-06-30';

/**
 * An implant whose ids are unique to `tag` (letters and digits): a GTIN in the GS1 test prefix
 * 0950600 with 6 digits from the tag and its check digit.
 */
export function planImplant(tag: string, overrides: Partial<ImplantPlan> = {}): ImplantPlan {
  let hash = 0;
  for (const char of tag) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  const digits = String(hash).padStart(6, '0');
  const first13 = `0950600${digits}`;
  return {
    itemId: `IMP-${tag}`,
    supplierId: `SUP-${tag}`,
    gtin: `${first13}${gtinCheckDigit(first13)}`,
    labeler: 'H123',
    product: `CUP${digits}`,
    cdmCode: `278${digits}`,
    hcpcsCode: 'C1776',
    contractPrice: '5400.00',
    patientPrice: '16200.00',
    locationId: 'OR-3',
    stock: 10,
    ...overrides,
  };
}

/**
 * The calls that load the implant: the operating room's cost center, supplier and contract, item,
 * consignment stock, chargemaster row.
 */
export function implantReferenceCalls(plan: ImplantPlan): ApiCall[] {
  const { itemId, supplierId } = plan;
  return [
    {
      service: 'procure-to-pay',
      method: 'PUT',
      path: `/cost-centers/CC-${plan.locationId}`,
      body: { name: `Operating room ${plan.locationId}`, unitId: plan.locationId },
    },
    {
      service: 'procure-to-pay',
      method: 'PUT',
      path: `/suppliers/${supplierId}`,
      body: { name: `Orthopedic supplier ${supplierId}`, paymentTermsDays: 30 },
    },
    {
      service: 'procure-to-pay',
      method: 'PUT',
      path: `/suppliers/${supplierId}/contract-prices/${itemId}`,
      body: {
        contractId: `GPO-${itemId}`,
        unitPrice: plan.contractPrice,
        currency: 'USD',
        unitOfMeasure: 'EA',
        effectiveFrom: '2026-01-01',
        supplierItemNumber: `REF-${itemId}`,
      },
    },
    {
      service: 'supply-consumption',
      method: 'PUT',
      path: `/items/${itemId}`,
      body: {
        description: `ACETABULAR CUP ${itemId}`,
        unitOfMeasure: 'EA',
        deviceIdentifiers: [
          { issuingAgency: 'GS1', deviceIdentifier: plan.gtin },
          { issuingAgency: 'HIBCC', deviceIdentifier: `${plan.labeler}${plan.product}0` },
        ],
        hcpcsCode: plan.hcpcsCode,
        chargeCode: plan.cdmCode,
        unitCost: plan.contractPrice,
        implant: true,
        manufacturer: 'Meridian Ortho',
        model: 'Acetabular cup 52 mm',
        supplierId,
        supplierItemNumber: `REF-${itemId}`,
        consignment: true,
      },
    },
    {
      service: 'supply-consumption',
      method: 'PUT',
      path: `/consignment-stock/${plan.locationId}/${itemId}`,
      body: { supplierId, quantityOnHand: plan.stock, parLevel: plan.stock },
    },
    {
      service: 'revenue-cycle',
      method: 'PUT',
      path: `/chargemaster/${plan.cdmCode}`,
      body: {
        description: `ACETABULAR CUP ${itemId}`,
        revenueCode: '0278',
        kind: 'IMPLANT',
        cptHcpcsCode: plan.hcpcsCode,
        unitPrice: plan.patientPrice,
        itemId,
      },
    },
  ];
}

/** The barcode on the box of `device`, in `format`. */
export function implantBarcode(plan: ImplantPlan, format: BarcodeFormat, device: Device): string {
  const expiry = device.expiry ?? DEFAULT_EXPIRY;
  const gs1 = { gtin: plan.gtin, lot: device.lot, serial: device.serial, expiry };
  if (format === 'GS1') return gs1Udi(gs1, 'fnc1');
  if (format === 'GS1-HRF') return gs1Udi(gs1, 'bracketed');
  return hibccUdi({
    labeler: plan.labeler,
    product: plan.product,
    unitOfMeasure: 0,
    lot: device.lot,
    serial: device.serial,
    expiry,
  });
}

/** A bill-only PO as procure-to-pay shows it (what an invoice refers to). */
export interface BillOnlyOrder {
  readonly poNumber: string;
  readonly lines: readonly {
    readonly lotNumber: string | null;
    readonly serialNumber: string | null;
  }[];
}

/** The supplier's invoice (or credit memo) of a bill-only PO: one device at `unitPrice`. */
export function supplierInvoiceFor(
  plan: ImplantPlan,
  order: BillOnlyOrder,
  invoiceNumber: string,
  unitPrice: string,
  documentType: 'INVOICE' | 'CREDIT_MEMO' = 'INVOICE',
): Record<string, unknown> {
  const line = order.lines[0];
  return {
    supplierId: plan.supplierId,
    supplierInvoiceNumber: invoiceNumber,
    documentType,
    invoiceDate: new Date().toISOString().slice(0, 10),
    poNumber: order.poNumber,
    currency: 'USD',
    taxAmount: '0.00',
    totalAmount: unitPrice,
    lines: [
      {
        lineNumber: 1,
        poLineNumber: 1,
        gtin: plan.gtin,
        quantity: 1,
        unitOfMeasure: 'EA',
        unitPrice,
        lineAmount: unitPrice,
        ...(line?.lotNumber ? { lotNumber: line.lotNumber } : {}),
        ...(line?.serialNumber ? { serialNumber: line.serialNumber } : {}),
      },
    ],
  };
}
