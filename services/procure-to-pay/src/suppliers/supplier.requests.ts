// The rows of the supplier master and contract price import API (`PUT /suppliers/:supplierId`,
// `POST /suppliers/import`, `PUT /suppliers/:supplierId/contract-prices/:itemId`,
// `POST /contract-prices/import`): JSON objects or CSV rows read by the chart's row reader, so a
// 400 names each invalid field (`row 3: unitPrice`). Money is a decimal text, never a JSON number.
import { parseCents } from '@meridian/contracts';
import type { ImportSpec, QueryParams } from '@meridian/service-kit';
import { MAX_IMPORT_ROWS, readRow, required } from '../ledger/chart/chart.requests.js';
import { isIsoDate } from '../ledger/posting-date.js';

/** A supplier (vendor) of the AP master. */
export interface SupplierRow {
  readonly supplierId: string;
  readonly name: string;
  /** Net payment terms in days (Net 30 = 30); null when the supplier has none on file. */
  readonly paymentTermsDays: number | null;
}

/** A supplier's contract price of an item from a date (to a date, inclusive). */
export interface ContractPriceRow {
  readonly supplierId: string;
  readonly itemId: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly contractId: string;
  readonly unitPriceCents: number;
  readonly currency: string;
  readonly unitOfMeasure: string;
  readonly supplierItemNumber: string | null;
}

/** Supplier and item ids: letters, digits, `.`, `_`, `-` (ERP vendor numbers, item master ids). */
export const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REFERENCE_ID_MESSAGE = 'must be 1 to 64 letters, digits, ".", "_" or "-"';
const CURRENCY = /^[A-Z]{3}$/;
/** X12 355 (EA, BX, CA) or UN/ECE rec. 20 (GS1) unit of measure codes. */
const UNIT_OF_MEASURE = /^[A-Z0-9]{2,3}$/;

/** JSON numbers of the integer fields read as their text (CSV cells are texts already). */
function integersAsText(
  row: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([name, value]) => [
      name,
      fields.includes(name) && typeof value === 'number' && Number.isInteger(value)
        ? String(value)
        : value,
    ]),
  );
}

function id(params: QueryParams, name: string): string {
  return required(params, name, { max: 64, pattern: REFERENCE_ID, message: REFERENCE_ID_MESSAGE });
}

const SUPPLIER_FIELDS = ['supplierId', 'name', 'paymentTermsDays'] as const;

export const SUPPLIER_IMPORT: ImportSpec<SupplierRow> = {
  what: 'supplier',
  maxRows: MAX_IMPORT_ROWS,
  listField: 'items',
  columns: SUPPLIER_FIELDS,
  key: ['supplierId'],
  validateRow: (row) =>
    readRow(integersAsText(row, ['paymentTermsDays']), SUPPLIER_FIELDS, (params) => ({
      supplierId: id(params, 'supplierId'),
      name: required(params, 'name', { max: 100 }),
      paymentTermsDays:
        params.parsed(
          'paymentTermsDays',
          (v) => (/^\d{1,3}$/.test(v) && Number(v) <= 365 ? Number(v) : undefined),
          'must be a whole number of days from 0 to 365 (Net 30: 30)',
        ) ?? null,
    })),
};

const PRICE_FIELDS = [
  'supplierId',
  'itemId',
  'contractId',
  'unitPrice',
  'currency',
  'unitOfMeasure',
  'effectiveFrom',
  'effectiveTo',
  'supplierItemNumber',
] as const;

const DATE_MESSAGE = 'must be a calendar date YYYY-MM-DD';

/** A calendar date; a well-formed but impossible one (2026-02-30) is refused too. */
function date(params: QueryParams, name: string, isRequired: boolean): string | null {
  const value = isRequired
    ? required(params, name, { max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, message: DATE_MESSAGE })
    : params.parsed(name, (v) => v, DATE_MESSAGE);
  if (!value) return isRequired ? '' : null;
  return isIsoDate(value) ? value : (params.parsed(name, () => undefined, DATE_MESSAGE) ?? value);
}

/** The fields in column order, so a 400 names them in that order. */
function readPrice(params: QueryParams): ContractPriceRow {
  const supplierId = id(params, 'supplierId');
  const itemId = id(params, 'itemId');
  const contractId = required(params, 'contractId', { max: 64 });
  const unitPriceCents =
    params.requiredText('unitPrice') === ''
      ? 0
      : (params.parsed(
          'unitPrice',
          (v) => {
            const cents = parseCents(v);
            return cents !== undefined && cents >= 0 ? cents : undefined;
          },
          'must be a decimal text of at least 0 with at most 2 decimals, e.g. "1250.00"',
        ) ?? 0);
  const currency = required(params, 'currency', {
    max: 3,
    pattern: CURRENCY,
    message: 'must be an ISO 4217 currency code, e.g. USD',
  });
  const unitOfMeasure = required(params, 'unitOfMeasure', {
    max: 3,
    pattern: UNIT_OF_MEASURE,
    message: 'must be a unit of measure code (X12 355), e.g. EA',
  });
  const effectiveFrom = date(params, 'effectiveFrom', true) ?? '';
  const effectiveTo = date(params, 'effectiveTo', false);
  if (effectiveTo !== null && isIsoDate(effectiveFrom) && effectiveTo < effectiveFrom)
    params.parsed('effectiveTo', () => undefined, 'must not be before effectiveFrom');
  return {
    supplierId,
    itemId,
    contractId,
    unitPriceCents,
    currency,
    unitOfMeasure,
    effectiveFrom,
    effectiveTo,
    supplierItemNumber:
      params.matching(
        'supplierItemNumber',
        (v) => v.length <= 64,
        'must be at most 64 characters',
      ) ?? null,
  };
}

export const CONTRACT_PRICE_IMPORT: ImportSpec<ContractPriceRow> = {
  what: 'contract price',
  maxRows: MAX_IMPORT_ROWS,
  listField: 'items',
  columns: PRICE_FIELDS,
  key: ['supplierId', 'itemId', 'effectiveFrom'],
  validateRow: (row) => readRow(row, PRICE_FIELDS, readPrice),
};
