// implant-to-invoice end to end: N consignment implants scanned (POST /implants, GS1), each a saga
// through supply-consumption, procure-to-pay and revenue-cycle to its wait for the supplier
// invoice (step 4); then N supplier invoices (POST /supplier-invoices) to completion. Every
// service its own process; the calls carry the test harness' bearer token, which the services
// verify on each call as they do in production. `npm run bench -- implants [count] [connections]`
import type pg from 'pg';
import { sagaDatabase, startBenchPlatform, type BenchRun } from './run.ts';
import type { Burst } from './result.ts';
import { quantile, round } from './stats.ts';

interface SagaRow {
  readonly business_key: string;
  readonly status: string;
  readonly step_index: number;
  readonly at: number;
}

const MATCH_STEP = 3; // MatchSupplierInvoice, the fourth step

/** Runs `work` for every index over `connections` loops, one call in flight per loop. */
async function inParallel(
  count: number,
  connections: number,
  work: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next++; i < count; i = next++) await work(i);
    }),
  );
}

/** A call to a service's API with the harness' bearer token (every role). */
async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const { withBearer } = await import('@meridian/testing');
  const response = await fetch(
    url,
    await withBearer({
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Polls the orchestrator's instances of `keys` until `done` holds for all (15 min at most). */
async function waitFor(
  db: pg.Client,
  keys: readonly string[],
  done: (row: SagaRow) => boolean,
): Promise<SagaRow[]> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const { rows } = await db.query<SagaRow>(
      `SELECT business_key, status, step_index, EXTRACT(EPOCH FROM updated_at) * 1000 AS at
         FROM saga_instance WHERE saga_type = 'implant-to-invoice' AND business_key = ANY($1)`,
      [keys],
    );
    if (rows.length === keys.length && rows.every(done)) return rows;
    const stuck = rows.filter((r) => ['FAILED', 'COMPENSATED', 'SUSPENDED'].includes(r.status));
    if (stuck.length > 0) throw new Error(`sagas stuck: ${JSON.stringify(stuck.slice(0, 3))}`);
    if (Date.now() > deadline) throw new Error(`sagas not done in 15 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function benchImplants(
  run: BenchRun,
  count: number,
  connections: number,
): Promise<Burst> {
  const testing = await import('@meridian/testing');
  const { implantBarcode, implantReferenceCalls, planImplant, supplierInvoiceFor } = testing;
  // No HL7 in this run: encounter-ingest listens for MLLP on a free port, not the demo's 2575.
  const mllp = { MLLP_PORT: String(await testing.freePort()) };
  const platform = await startBenchPlatform(run, {
    prefix: 'bench',
    env: { 'encounter-ingest': mllp },
  });
  const db = sagaDatabase(run, platform);
  try {
    await db.connect();
    const tag = Date.now().toString(36).toUpperCase();
    const plan = planImplant(tag, { stock: count + 10 });
    for (const c of implantReferenceCalls(plan))
      await call(c.method, `${platform.url(c.service)}${c.path}`, c.body);

    const supply = platform.url('supply-consumption');
    const usages: { usageId: string; encounterId: string }[] = [];
    const scannedAt: number[] = [];
    // One window from the first scan to the last completion, the invoices' phase included.
    const window = run.cpu.begin('saga');
    const started = Date.now();
    await inParallel(count, connections, async (i) => {
      const encounterId = `MGH:B${tag}${i}`;
      const device = { lot: `L${tag}`, serial: `S${tag}${i}` };
      const usage = await call<{ usageId: string }>('POST', `${supply}/implants`, {
        encounterId,
        barcode: implantBarcode(plan, 'GS1', device),
        implantingSurgeonNpi: '1245319599',
        unitId: plan.locationId,
      });
      usages[i] = { usageId: usage.usageId, encounterId };
      scannedAt[i] = Date.now();
    });
    const keys = usages.map((u) => u.usageId);
    const atMatch = await waitFor(
      db,
      keys,
      (r) => r.status === 'RUNNING' && r.step_index === MATCH_STEP,
    );
    const toMatchSeconds = (Math.max(...atMatch.map((r) => Number(r.at))) - started) / 1000;
    const index = new Map(keys.map((k, i) => [k, i]));
    const scanToWait = atMatch.map(
      (r) => Number(r.at) - (scannedAt[index.get(r.business_key) ?? 0] ?? 0),
    );

    const p2p = platform.url('procure-to-pay');
    const orders = await Promise.all(
      usages.map(async (u) => {
        const page = await call<{
          items: {
            usageId: string;
            poNumber: string;
            lines: { lotNumber: string | null; serialNumber: string | null }[];
          }[];
        }>('GET', `${p2p}/purchase-orders?encounterId=${encodeURIComponent(u.encounterId)}`);
        const order = page.items.find((o) => o.usageId === u.usageId);
        if (!order) throw new Error(`no PO for usage ${u.usageId}`);
        return order;
      }),
    );
    const invoicedAt: number[] = [];
    const invoicing = Date.now();
    await inParallel(count, connections, async (i) => {
      const order = orders[i];
      if (!order) return;
      await call(
        'POST',
        `${p2p}/supplier-invoices`,
        supplierInvoiceFor(plan, order, `INV-${tag}-${i}`, plan.contractPrice),
      );
      invoicedAt[i] = Date.now();
    });
    const completed = await waitFor(db, keys, (r) => r.status === 'COMPLETED');
    const cpu = window.end(completed.length);
    const toCompletionSeconds =
      (Math.max(...completed.map((r) => Number(r.at))) - invoicing) / 1000;
    const invoiceToDone = completed.map(
      (r) => Number(r.at) - (invoicedAt[index.get(r.business_key) ?? 0] ?? 0),
    );
    return {
      results: {
        sagas: count,
        connections,
        scanToInvoiceWaitPerSecond: round(count / toMatchSeconds, 2),
        scanToInvoiceWaitP50Ms: round(quantile(scanToWait, 0.5)),
        scanToInvoiceWaitP99Ms: round(quantile(scanToWait, 0.99)),
        invoiceToCompletionPerSecond: round(count / toCompletionSeconds, 2),
        invoiceToCompletionP50Ms: round(quantile(invoiceToDone, 0.5)),
        invoiceToCompletionP99Ms: round(quantile(invoiceToDone, 0.99)),
      },
      cpu,
    };
  } finally {
    await db.end();
    await platform.stop();
  }
}
