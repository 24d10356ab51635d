import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidFields, invalidRequestErrors } from '@meridian/service-kit/testing';
import { readSupplierInvoice, readSupplierInvoiceCsv } from './supplier-invoice.requests.js';

const valid = {
  supplierId: 'SUP-STRYKER',
  supplierInvoiceNumber: 'INV-884211',
  invoiceDate: '2026-03-05',
  poNumber: 'PO-2026-000042',
  currency: 'USD',
  taxAmount: '12.25',
  totalAmount: '4912.25',
  lines: [
    { quantity: 1, unitOfMeasure: 'EA', unitPrice: '2450.00', serialNumber: 'SN-1' },
    {
      lineNumber: 7,
      quantity: 2,
      unitOfMeasure: 'EA',
      unitPrice: '1225.00',
      lineAmount: '2450.00',
    },
  ],
};

const CSV_HEADER =
  'supplierId,supplierInvoiceNumber,invoiceDate,poNumber,currency,totalAmount,quantity,unitOfMeasure,unitPrice';

describe('supplier invoice requests', () => {
  test('reads an invoice in exact cents, numbering lines by position and computing line amounts', () => {
    const invoice = readSupplierInvoice(valid);
    assert.equal(invoice.documentType, 'INVOICE');
    assert.equal(invoice.taxCents, 1225);
    assert.equal(invoice.totalCents, 491_225);
    assert.deepEqual(
      invoice.lines.map((l) => [l.lineNumber, l.quantity, l.unitPriceCents, l.lineAmountCents]),
      [
        [1, 1, 245_000, 245_000],
        [7, 2, 122_500, 245_000],
      ],
    );
    assert.equal(invoice.paymentDueDate, null);
  });

  test('names every invalid field, lines by index', () => {
    assert.deepEqual(
      invalidFields(() =>
        readSupplierInvoice({
          ...valid,
          supplierId: '',
          documentType: 'DEBIT_MEMO',
          currency: 'usd',
          unknown: 1,
          lines: [
            { quantity: 1.5, unitOfMeasure: 'EA', unitPrice: '1.00' },
            { quantity: 1, unitOfMeasure: 'EA', unitPrice: 2450, gtin: '123' },
          ],
        }),
      ),
      [
        'unknown',
        'supplierId',
        'documentType',
        'currency',
        'lines[0].quantity',
        'lines[1].unitPrice',
        'lines[1].gtin',
      ],
    );
  });

  test('checks a line GTIN’s GS1 check digit, GTIN-12 and -13 as their GTIN-14', () => {
    const line = { quantity: 1, unitOfMeasure: 'EA', unitPrice: '2450.00' };
    const withGtin = (gtin: string) => ({
      ...valid,
      totalAmount: '2462.25',
      lines: [{ ...line, gtin }],
    });
    assert.equal(readSupplierInvoice(withGtin('07613327123456')).lines[0]?.gtin, '07613327123456');
    assert.equal(readSupplierInvoice(withGtin('7613327123456')).lines[0]?.gtin, '7613327123456');
    assert.deepEqual(
      invalidRequestErrors(() => readSupplierInvoice(withGtin('07613327123455'))),
      [{ field: 'lines[0].gtin', message: 'has an invalid GS1 check digit (expected 6)' }],
    );
  });

  test('refuses line amounts that are not quantity x unit price and totals that do not add up', () => {
    assert.deepEqual(
      invalidFields(() =>
        readSupplierInvoice({
          ...valid,
          lines: [{ quantity: 2, unitOfMeasure: 'EA', unitPrice: '10.00', lineAmount: '20.01' }],
        }),
      ),
      ['lines[0].lineAmount'],
    );
    assert.deepEqual(
      invalidFields(() => readSupplierInvoice({ ...valid, totalAmount: '4900.00' })),
      ['totalAmount'],
    );
    assert.deepEqual(
      invalidFields(() => readSupplierInvoice({ ...valid, lines: [] })),
      ['lines'],
    );
  });

  test('reads a CSV invoice, one row per line, into the same invoice', () => {
    const csv = [
      CSV_HEADER,
      'SUP-1,INV-1,2026-03-05,PO-2026-000001,USD,3675.00,1,EA,2450.00',
      'SUP-1,INV-1,2026-03-05,PO-2026-000001,USD,3675.00,1,EA,1225.00',
    ].join('\n');
    const invoice = readSupplierInvoiceCsv(csv, 'text/csv');
    assert.equal(invoice.supplierInvoiceNumber, 'INV-1');
    assert.equal(invoice.totalCents, 367_500);
    assert.deepEqual(
      invoice.lines.map((l) => [l.lineNumber, l.quantity, l.unitPriceCents]),
      [
        [1, 1, 245_000],
        [2, 1, 122_500],
      ],
    );
  });

  test('names CSV problems by row and column: a bad cell, a header cell differing from row 1', () => {
    const csv = [
      CSV_HEADER,
      'SUP-1,INV-1,2026-03-05,PO-2026-000001,USD,3675.00,1,EA,2450.00',
      'SUP-1,INV-2,2026-03-05,PO-2026-000001,USD,3675.00,1,EA,1225.00',
    ].join('\n');
    assert.deepEqual(
      invalidFields(() => readSupplierInvoiceCsv(csv, 'text/csv')),
      ['row 2: supplierInvoiceNumber'],
    );
    const bad = [CSV_HEADER, 'SUP-1,INV-1,2026-13-05,PO-2026-000001,USD,2450.00,x,EA,2450.00'].join(
      '\n',
    );
    assert.deepEqual(
      invalidFields(() => readSupplierInvoiceCsv(bad, 'text/csv')),
      ['row 1: invoiceDate', 'row 1: quantity'],
    );
  });
});
