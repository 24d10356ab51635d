// The demo's implant-to-invoice traffic: two consignment implants loaded through the import APIs
// (idempotent PUTs, again at each `npm start`), scans in the OR by GS1 or HIBCC barcode for
// patients in house, and the suppliers' invoices for the open bill-only POs, one in four 10 % over
// contract so an AP exception appears in the work queue.
import type { ImplantPlan } from '@meridian/testing';
import type { DemoApi } from './api.ts';

const testing = () => import('@meridian/testing');

/** A hip cup and a knee component, each of its own supplier. */
async function demoPlans(): Promise<readonly ImplantPlan[]> {
  const { planImplant } = await testing();
  return [
    planImplant('DEMOHIP', { stock: 50 }),
    planImplant('DEMOKNEE', { contractPrice: '3150.00', patientPrice: '9800.00', stock: 50 }),
  ];
}
const SURGEON_NPI = '1245319599';

/** Loads the demo implants: suppliers, contract prices, items, consignment stock, CDM rows. */
export async function importDemoImplants(api: DemoApi, log: (line: string) => void): Promise<void> {
  const { implantReferenceCalls } = await testing();
  for (const call of (await demoPlans()).flatMap(implantReferenceCalls)) {
    await api.call(call);
    log(`implants: ${call.method} ${call.service}${call.path}`);
  }
}

/** A surgeon scans an implant for `encounterId` in the OR: GS1 or HIBCC barcode. */
export async function scanDemoImplant(
  api: DemoApi,
  encounterId: string,
  n: number,
  log: (line: string) => void,
): Promise<void> {
  const { implantBarcode } = await testing();
  const plans = await demoPlans();
  const plan = plans[n % plans.length] as ImplantPlan;
  const format = n % 2 === 0 ? 'GS1' : 'HIBCC';
  const run = Date.now().toString(36).toUpperCase();
  const barcode = implantBarcode(plan, format, { lot: `L${run.slice(-4)}`, serial: `S${run}` });
  const usage = await api.call<{ usageId: string }>({
    service: 'supply-consumption',
    method: 'POST',
    path: '/implants',
    body: { encounterId, barcode, implantingSurgeonNpi: SURGEON_NPI, unitId: plan.locationId },
  });
  log(`implant ${plan.itemId} scanned (${format}) for ${encounterId}: usage ${usage.usageId}`);
}

interface OpenOrder {
  readonly poNumber: string;
  readonly awaiting: string | null;
  readonly lines: readonly { lotNumber: string | null; serialNumber: string | null }[];
}

/**
 * The suppliers invoice the bill-only POs whose match waits for an invoice; every fourth invoice
 * is 10 % over contract (an AP exception the work queue shows).
 */
export async function invoiceDemoOrders(
  api: DemoApi,
  sequence: number,
  log: (line: string) => void,
): Promise<void> {
  const { supplierInvoiceFor } = await testing();
  for (const plan of await demoPlans()) {
    const query = `status=OPEN&supplierId=${plan.supplierId}&limit=20`;
    const { items } = await api.call<{ items: OpenOrder[] }>({
      service: 'procure-to-pay',
      method: 'GET',
      path: `/purchase-orders?${query}`,
    });
    const orders = items.filter((o) => o.awaiting === 'INVOICE');
    for (const [i, order] of orders.slice(0, 3).entries()) {
      const over = (sequence + i) % 4 === 0;
      const price = over
        ? (Math.round(Number(plan.contractPrice) * 110) / 100).toFixed(2)
        : plan.contractPrice;
      const number = `INV-${order.poNumber}-${sequence}`;
      await api.call({
        service: 'procure-to-pay',
        method: 'POST',
        path: '/supplier-invoices',
        body: supplierInvoiceFor(plan, order, number, price),
      });
      log(`supplier invoice ${number} at ${price}${over ? ' (10 % over contract)' : ''}`);
    }
  }
}
