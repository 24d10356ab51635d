// How the supplier master and contract prices are written: by the chart's writer (one bulk
// upsert by key, all rows or none, in the caller's transaction), with what the stored data does
// not allow checked first.
import { formatCents } from '@meridian/contracts';
import { RowsRefusedError } from '@meridian/service-kit';
import type { RowRefusal } from '@meridian/service-kit';
import type { ChartTable } from '../ledger/chart/chart.store.js';
import type { ContractPriceRow, SupplierRow } from './supplier.requests.js';

export const SUPPLIERS: ChartTable<SupplierRow> = {
  table: 'p2p_supplier',
  columns: [
    { name: 'supplier_id', type: 'text', value: (r) => r.supplierId },
    { name: 'name', type: 'text', value: (r) => r.name },
    {
      name: 'payment_terms_days',
      type: 'int',
      value: (r) => (r.paymentTermsDays === null ? null : String(r.paymentTermsDays)),
    },
  ],
  locks: ['LOCK TABLE p2p_supplier IN SHARE ROW EXCLUSIVE MODE'],
  check: () => Promise.resolve(null),
};

interface Period {
  readonly key: string;
  readonly from: string;
  readonly to: string | null;
}

const overlaps = (a: Period, b: Period): boolean =>
  (b.to === null || a.from <= b.to) && (a.to === null || b.from <= a.to);

/**
 * Contract prices: of a known supplier (400 naming `supplierId`), and at most one price of a
 * supplier's item on any day (409 naming `effectiveFrom`, the stored or imported price it overlaps).
 */
export const CONTRACT_PRICES: ChartTable<ContractPriceRow> = {
  table: 'p2p_contract_price',
  keyColumns: 3,
  columns: [
    { name: 'supplier_id', type: 'text', value: (r) => r.supplierId },
    { name: 'item_id', type: 'text', value: (r) => r.itemId },
    { name: 'effective_from', type: 'date', value: (r) => r.effectiveFrom },
    { name: 'effective_to', type: 'date', value: (r) => r.effectiveTo },
    { name: 'contract_id', type: 'text', value: (r) => r.contractId },
    { name: 'unit_price', type: 'numeric', value: (r) => formatCents(r.unitPriceCents) },
    { name: 'currency', type: 'text', value: (r) => r.currency },
    { name: 'unit_of_measure', type: 'text', value: (r) => r.unitOfMeasure },
    { name: 'supplier_item_number', type: 'text', value: (r) => r.supplierItemNumber },
  ],
  locks: [
    'LOCK TABLE p2p_contract_price IN SHARE ROW EXCLUSIVE MODE',
    'LOCK TABLE p2p_supplier IN SHARE MODE',
  ],
  check: async (manager, rows) => {
    const known: { supplier_id: string }[] = await manager.query(
      'SELECT supplier_id FROM p2p_supplier WHERE supplier_id = ANY($1)',
      [rows.map((r) => r.supplierId)],
    );
    const suppliers = new Set(known.map((s) => s.supplier_id));
    const missing: RowRefusal[] = rows.flatMap((row, index) =>
      suppliers.has(row.supplierId)
        ? []
        : [
            {
              index,
              field: 'supplierId',
              message: `${row.supplierId} is not a supplier: load it first (PUT /suppliers/${row.supplierId})`,
            },
          ],
    );
    if (missing.length > 0) return new RowsRefusedError(missing, 400);
    const stored: { supplier_id: string; item_id: string; from: string; to: string | null }[] =
      await manager.query(
        `SELECT supplier_id, item_id, effective_from::text AS "from", effective_to::text AS "to"
           FROM p2p_contract_price
          WHERE (supplier_id, item_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
        [rows.map((r) => r.supplierId), rows.map((r) => r.itemId)],
      );
    const itemOf = (supplierId: string, itemId: string): string => `${supplierId}\u0000${itemId}`;
    const periods = new Map<string, Map<string, Period>>();
    const add = (item: string, period: Period): void => {
      const byKey = periods.get(item) ?? new Map<string, Period>();
      byKey.set(period.key, period);
      periods.set(item, byKey);
    };
    for (const s of stored)
      add(itemOf(s.supplier_id, s.item_id), { key: s.from, from: s.from, to: s.to });
    for (const r of rows)
      add(itemOf(r.supplierId, r.itemId), {
        key: r.effectiveFrom,
        from: r.effectiveFrom,
        to: r.effectiveTo,
      });
    const refusals: RowRefusal[] = rows.flatMap((row, index) => {
      const mine: Period = { key: row.effectiveFrom, from: row.effectiveFrom, to: row.effectiveTo };
      const other = [...(periods.get(itemOf(row.supplierId, row.itemId))?.values() ?? [])].find(
        (p) => p.key !== mine.key && overlaps(mine, p),
      );
      return other
        ? [
            {
              index,
              field: 'effectiveFrom',
              message: `overlaps the contract price of ${row.supplierId} item ${row.itemId} effective from ${other.from}${other.to ? ` to ${other.to}` : ''}: end that one first (effectiveTo)`,
            },
          ]
        : [];
    });
    return refusals.length > 0 ? new RowsRefusedError(refusals, 409) : null;
  },
};
