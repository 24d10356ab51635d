// `POST /supplier-invoices`: one supplier invoice or credit memo as JSON, or as text/csv with one
// row per invoice line and the invoice's header columns repeated on every row. Both are read by
// one validator, which names every invalid field: `lines[0].unitPrice` in JSON, `row 1: unitPrice`
// in CSV. Money is a decimal text (never a JSON number); amounts must add up exactly.
import { parseCents } from '@meridian/contracts';
import { InvalidRequestException, readImport } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { gtinCheckDigit } from '@meridian/udi';
import { isIsoDate } from '../../ledger/posting-date.js';
import { REFERENCE_ID } from '../../suppliers/supplier.requests.js';
import { DOCUMENT_TYPES } from './supplier-invoice.entities.js';
import type { DocumentType } from './supplier-invoice.entities.js';

export interface InvoiceLineInput {
  readonly lineNumber: number;
  readonly poLineNumber: number | null;
  readonly supplierItemNumber: string | null;
  readonly gtin: string | null;
  readonly quantity: number;
  readonly unitOfMeasure: string;
  readonly unitPriceCents: number;
  readonly lineAmountCents: number;
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
}

export interface SupplierInvoiceInput {
  readonly supplierId: string;
  readonly supplierInvoiceNumber: string;
  readonly documentType: DocumentType;
  readonly invoiceDate: string;
  readonly poNumber: string | null;
  readonly currency: string;
  readonly taxCents: number;
  readonly totalCents: number;
  readonly paymentDueDate: string | null;
  readonly lines: readonly InvoiceLineInput[];
}

export const HEADER_FIELDS = [
  'supplierId',
  'supplierInvoiceNumber',
  'documentType',
  'invoiceDate',
  'poNumber',
  'currency',
  'taxAmount',
  'totalAmount',
  'paymentDueDate',
] as const;

export const LINE_FIELDS = [
  'lineNumber',
  'poLineNumber',
  'supplierItemNumber',
  'gtin',
  'quantity',
  'unitOfMeasure',
  'unitPrice',
  'lineAmount',
  'lotNumber',
  'serialNumber',
] as const;

/** Lines one invoice may carry. */
export const MAX_INVOICE_LINES = 1000;

/** Collects the first problem of each field, named with its path (`lines[0].unitPrice`). */
class FieldReader {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly source: Readonly<Record<string, unknown>>,
    private readonly prefix: string,
    known: readonly string[],
  ) {
    for (const name of Object.keys(source))
      if (!known.includes(name)) this.fail(name, 'is not a known field');
  }

  fail(name: string, message: string): undefined {
    const field = `${this.prefix}${name}`;
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, message });
    return undefined;
  }

  /** A non-blank text of at most `max` characters, trimmed; undefined when absent or null. */
  text(name: string, max: number, pattern?: RegExp, must?: string): string | undefined {
    const raw = this.source[name];
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'string') return this.fail(name, must ?? 'must be a text');
    const value = raw.trim();
    if (value === '') return this.fail(name, 'must not be blank');
    if (value.length > max || (pattern && !pattern.test(value)))
      return this.fail(name, must ?? `must be at most ${max} characters`);
    return value;
  }

  required(name: string, max: number, pattern?: RegExp, must?: string): string {
    const value = this.text(name, max, pattern, must);
    if (value === undefined && (this.source[name] === undefined || this.source[name] === null))
      this.fail(name, 'is required');
    return value ?? '';
  }

  /** An amount as a decimal text with at most 2 decimals (not a JSON number: floats are inexact). */
  cents(name: string, options: { required: boolean; min?: number }): number | undefined {
    const raw = this.source[name];
    if (raw === undefined || raw === null) {
      if (options.required) this.fail(name, 'is required');
      return undefined;
    }
    const must = 'must be a decimal text with at most 2 decimals, e.g. "2450.00"';
    if (typeof raw !== 'string') return this.fail(name, `${must} (not a JSON number)`);
    const cents = parseCents(raw.trim());
    if (cents === undefined) return this.fail(name, must);
    if (options.min !== undefined && cents < options.min)
      return this.fail(name, `must be at least ${options.min / 100}`);
    return cents;
  }

  /** A whole number in [min, max], as a JSON integer or its text (CSV). */
  integer(name: string, min: number, max: number, required: boolean): number | undefined {
    const raw = this.source[name];
    if (raw === undefined || raw === null) {
      if (required) this.fail(name, 'is required');
      return undefined;
    }
    const value =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\d{1,9}$/.test(raw.trim())
          ? Number(raw)
          : NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    return this.fail(name, `must be a whole number from ${min} to ${max}`);
  }

  date(name: string, required: boolean): string | undefined {
    const value = required ? this.required(name, 10) : this.text(name, 10);
    if (!value) return undefined;
    return isIsoDate(value) ? value : this.fail(name, 'must be a calendar date YYYY-MM-DD');
  }
}

/** INVOICE when not given. */
function documentTypeOf(r: FieldReader): DocumentType {
  const given = r.text('documentType', 20);
  if (given === undefined) return 'INVOICE';
  const known = DOCUMENT_TYPES.find((t) => t === given);
  if (known) return known;
  r.fail('documentType', `must be one of ${DOCUMENT_TYPES.join(', ')}`);
  return 'INVOICE';
}

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const UNIT_OF_MEASURE = /^[A-Z0-9]{2,3}$/;
const GTIN = /^(\d{8}|\d{12,14})$/;

/** A GTIN-8, -12, -13 or -14 whose GS1 mod-10 check digit is right (GS1 General Specifications 7.9.1). */
function gtinProblem(gtin: string): string | null {
  if (!GTIN.test(gtin)) return 'must be a GTIN of 8, 12, 13 or 14 digits';
  const gtin14 = gtin.padStart(14, '0');
  const expected = gtinCheckDigit(gtin14.slice(0, 13));
  return gtin14[13] === expected ? null : `has an invalid GS1 check digit (expected ${expected})`;
}

function gtinOf(r: FieldReader): string | null {
  const gtin = r.text('gtin', 14);
  if (gtin === undefined) return null;
  const problem = gtinProblem(gtin);
  return problem ? (r.fail('gtin', problem) ?? null) : gtin;
}

function readLine(source: unknown, index: number, errors: FieldError[]): InvoiceLineInput | null {
  const prefix = `lines[${index}].`;
  if (!isObject(source)) {
    errors.push({ field: `lines[${index}]`, message: 'must be an object (an invoice line)' });
    return null;
  }
  const r = new FieldReader(source, prefix, LINE_FIELDS);
  const quantity = r.integer('quantity', 1, 1_000_000, true);
  const unitPrice = r.cents('unitPrice', { required: true, min: 0 });
  const given = r.cents('lineAmount', { required: false, min: 0 });
  const computed =
    quantity !== undefined && unitPrice !== undefined ? quantity * unitPrice : undefined;
  if (given !== undefined && computed !== undefined && given !== computed)
    r.fail('lineAmount', `must be quantity x unitPrice (${(computed / 100).toFixed(2)})`);
  const line: InvoiceLineInput = {
    lineNumber: r.integer('lineNumber', 1, MAX_INVOICE_LINES, false) ?? index + 1,
    poLineNumber: r.integer('poLineNumber', 1, 100_000, false) ?? null,
    supplierItemNumber: r.text('supplierItemNumber', 64) ?? null,
    gtin: gtinOf(r),
    quantity: quantity ?? 0,
    unitOfMeasure: r.required(
      'unitOfMeasure',
      3,
      UNIT_OF_MEASURE,
      'must be a unit of measure code (X12 355), e.g. EA',
    ),
    unitPriceCents: unitPrice ?? 0,
    lineAmountCents: given ?? computed ?? 0,
    lotNumber: r.text('lotNumber', 20) ?? null,
    serialNumber: r.text('serialNumber', 20) ?? null,
  };
  errors.push(...r.errors);
  return line;
}

/**
 * A supplier invoice from a JSON body, or every problem in one 400 (`supplierId`,
 * `lines[0].unitPrice`, `totalAmount` when the lines and tax do not add up to it).
 */
export function readSupplierInvoice(body: unknown): SupplierInvoiceInput {
  if (!isObject(body))
    throw new InvalidRequestException([
      { field: 'body', message: 'must be a JSON object (a supplier invoice)' },
    ]);
  const r = new FieldReader(body, '', [...HEADER_FIELDS, 'lines']);
  const errors: FieldError[] = [];
  const rawLines = body['lines'];
  let lines: InvoiceLineInput[] = [];
  if (!Array.isArray(rawLines) || rawLines.length === 0)
    r.fail('lines', 'must be a non-empty array of invoice lines');
  else if (rawLines.length > MAX_INVOICE_LINES)
    r.fail('lines', `must have at most ${MAX_INVOICE_LINES} lines`);
  else lines = rawLines.flatMap((line, index) => readLine(line, index, errors) ?? []);
  const numbers = lines.map((l) => l.lineNumber);
  numbers.forEach((n, index) => {
    if (numbers.indexOf(n) !== index)
      errors.push({ field: `lines[${index}].lineNumber`, message: `repeats line number ${n}` });
  });
  const tax = r.cents('taxAmount', { required: false, min: 0 }) ?? 0;
  const total = r.cents('totalAmount', { required: true, min: 0 });
  const linesCents = lines.reduce((sum, l) => sum + l.lineAmountCents, 0);
  if (total !== undefined && lines.length > 0 && errors.length === 0 && linesCents + tax !== total)
    r.fail(
      'totalAmount',
      `must be the line amounts plus taxAmount (${((linesCents + tax) / 100).toFixed(2)})`,
    );
  const input: SupplierInvoiceInput = {
    supplierId: r.required(
      'supplierId',
      64,
      REFERENCE_ID,
      'must be a supplier id of the AP master',
    ),
    supplierInvoiceNumber: r.required('supplierInvoiceNumber', 30),
    documentType: documentTypeOf(r),
    invoiceDate: r.date('invoiceDate', true) ?? '',
    poNumber: r.text('poNumber', 30) ?? null,
    currency: r.required(
      'currency',
      3,
      /^[A-Z]{3}$/,
      'must be an ISO 4217 currency code, e.g. USD',
    ),
    taxCents: tax,
    totalCents: total ?? 0,
    paymentDueDate: r.date('paymentDueDate', false) ?? null,
    lines,
  };
  const all = [...r.errors, ...errors];
  if (all.length > 0) throw new InvalidRequestException(all);
  return input;
}

/** `lines[3].unitPrice` -> `row 4: unitPrice`; a header field -> `row 1: supplierId`. */
function csvField(field: string): { field: string; row: number } {
  const match = /^lines\[(\d+)\]\.?(.*)$/.exec(field);
  if (match) {
    const row = Number(match[1]) + 1;
    return { field: `row ${row}: ${match[2] || 'row'}`, row };
  }
  return { field: `row 1: ${field}`, row: 1 };
}

/**
 * A supplier invoice from CSV text: a header line naming the columns (`HEADER_FIELDS` and
 * `LINE_FIELDS`), one row per invoice line, the header columns the same on every row. Every
 * problem is named by row and column (`row 2: unitPrice`).
 */
export function readSupplierInvoiceCsv(text: unknown, contentType: string): SupplierInvoiceInput {
  const rows = readImport<Readonly<Record<string, unknown>>>(text, contentType, {
    what: 'invoice line',
    maxRows: MAX_INVOICE_LINES,
    listField: 'lines',
    columns: [...HEADER_FIELDS, ...LINE_FIELDS],
    validateRow: (row) => ({ ok: true, value: row }),
  });
  const first = rows[0]?.value ?? {};
  const header = Object.fromEntries(HEADER_FIELDS.map((f) => [f, first[f]]));
  const errors: FieldError[] = rows.flatMap(({ row, value }) =>
    HEADER_FIELDS.filter((f) => value[f] !== header[f]).map((f) => ({
      field: `row ${row}: ${f}`,
      row,
      message: 'must repeat the invoice header of row 1 (one invoice per upload)',
    })),
  );
  if (errors.length > 0) throw new InvalidRequestException(errors);
  const lines = rows.map(({ value }) =>
    Object.fromEntries(LINE_FIELDS.filter((f) => value[f] !== undefined).map((f) => [f, value[f]])),
  );
  const body = Object.fromEntries(
    Object.entries({ ...header, lines }).filter(([, v]) => v !== undefined),
  );
  try {
    return readSupplierInvoice(body);
  } catch (error) {
    if (!(error instanceof InvalidRequestException)) throw error;
    throw new InvalidRequestException(
      (error.problem.errors ?? []).map((e) => ({ ...csvField(e.field), message: e.message })),
    );
  }
}
