import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { poLineOf, priceWithinTolerance, threeWayMatch } from './three-way-match.js';
import type { InvoiceLineToMatch, MatchInput, PoLineToMatch } from './three-way-match.js';

const USAGE = '6f1c7b3e-2d7a-4c55-9d0e-1b2a3c4d5e6f';
const DEFAULTS = { pricePercentBasisPoints: 200, priceAmountCents: 500, quantity: 0 };

const poLine: PoLineToMatch = {
  lineNumber: 1,
  supplierItemNumber: '6260-4-512',
  gtin: '07613327123456',
  quantity: 1,
  unitPriceCents: 245_000,
  lotNumber: 'L2024A',
  serialNumber: 'SN-000981',
  usageId: USAGE,
};

function invoiceLine(overrides: Partial<InvoiceLineToMatch> = {}): InvoiceLineToMatch {
  return {
    lineNumber: 1,
    poLineNumber: null,
    supplierItemNumber: '6260-4-512',
    gtin: null,
    quantity: 1,
    lineAmountCents: 245_000,
    lotNumber: null,
    serialNumber: null,
    ...overrides,
  };
}

function match(overrides: Partial<MatchInput> = {}) {
  return threeWayMatch({
    poLines: [poLine],
    receipt: { usageId: USAGE, quantity: 1 },
    invoiceLines: [invoiceLine()],
    creditLines: [],
    tolerance: DEFAULTS,
    ...overrides,
  });
}

describe('three-way match', () => {
  test('matches an invoice at the contract price and the used quantity with no variance', () => {
    const outcome = match();
    assert.deepEqual(outcome.variances, []);
    assert.equal(outcome.reason, null);
    assert.equal(outcome.netLinesCents, 245_000);
    assert.equal(outcome.varianceCents, 0);
  });

  test('accepts a price variance within the percentage though above the amount tolerance', () => {
    // 2 % of 2450.00 is 49.00: 45.00 over is within it, though far above 5.00.
    const outcome = match({ invoiceLines: [invoiceLine({ lineAmountCents: 249_500 })] });
    assert.equal(outcome.reason, null);
    assert.equal(outcome.varianceCents, 4_500);
  });

  test('accepts a price variance within the amount though above the percentage tolerance', () => {
    const cheap: PoLineToMatch = { ...poLine, unitPriceCents: 10_000 };
    // 4.00 over 100.00 is 4 % (above 2 %) but within 5.00.
    const outcome = match({
      poLines: [cheap],
      invoiceLines: [invoiceLine({ lineAmountCents: 10_400 })],
    });
    assert.equal(outcome.reason, null);
  });

  test('refuses a price 10 % over the contract as PRICE_VARIANCE with expected and invoiced prices', () => {
    const outcome = match({ invoiceLines: [invoiceLine({ lineAmountCents: 269_500 })] });
    assert.equal(outcome.reason, 'PRICE_VARIANCE');
    assert.deepEqual(outcome.variances, [
      {
        reason: 'PRICE_VARIANCE',
        invoiceLineNumber: 1,
        poLineNumber: 1,
        expectedUnitPriceCents: 245_000,
        invoicedUnitPriceCents: 269_500,
        expectedQuantity: 1,
        invoicedQuantity: 1,
        varianceCents: 24_500,
      },
    ]);
    assert.equal(outcome.varianceCents, 24_500);
  });

  test('refuses an undercharge outside tolerance too: the variance is absolute', () => {
    const outcome = match({ invoiceLines: [invoiceLine({ lineAmountCents: 200_000 })] });
    assert.equal(outcome.reason, 'PRICE_VARIANCE');
    assert.equal(outcome.varianceCents, -45_000);
  });

  test('sits exactly on the percentage boundary: 2 % is accepted, a cent more is not', () => {
    assert.equal(priceWithinTolerance(4_900, 245_000, DEFAULTS), true);
    assert.equal(priceWithinTolerance(4_901, 245_000, DEFAULTS), false);
    assert.equal(priceWithinTolerance(500, 1_000, DEFAULTS), true);
    assert.equal(priceWithinTolerance(501, 1_000, DEFAULTS), false);
  });

  test('refuses two units billed for one used as QUANTITY_VARIANCE, the unit price being right', () => {
    const outcome = match({
      invoiceLines: [invoiceLine({ quantity: 2, lineAmountCents: 490_000 })],
    });
    assert.equal(outcome.reason, 'QUANTITY_VARIANCE');
    assert.equal(outcome.variances.length, 1);
    assert.equal(outcome.variances[0]?.expectedQuantity, 1);
    assert.equal(outcome.variances[0]?.invoicedQuantity, 2);
    assert.equal(outcome.variances[0]?.varianceCents, 245_000);
  });

  test('accepts a quantity difference within AP_QUANTITY_TOLERANCE', () => {
    const outcome = match({
      invoiceLines: [invoiceLine({ quantity: 2, lineAmountCents: 490_000 })],
      tolerance: { ...DEFAULTS, quantity: 1 },
    });
    assert.equal(outcome.reason, null);
  });

  test('deducts credit memo lines from what the invoice bills for the line', () => {
    const outcome = match({
      invoiceLines: [invoiceLine({ lineAmountCents: 269_500 })],
      creditLines: [invoiceLine({ lineAmountCents: 24_500 })],
    });
    assert.equal(outcome.reason, null);
    assert.equal(outcome.netLinesCents, 245_000);
  });

  test('refuses a line for another item than the PO as NO_PO, and the PO line as not invoiced', () => {
    const outcome = match({
      invoiceLines: [invoiceLine({ supplierItemNumber: '9999-1' })],
    });
    assert.deepEqual(
      outcome.variances.map((v) => [v.reason, v.invoiceLineNumber, v.poLineNumber]),
      [
        ['QUANTITY_VARIANCE', null, 1],
        ['NO_PO', 1, null],
      ],
    );
  });

  test('refuses a line billed for a usage that is not the receipt as NO_RECEIPT', () => {
    const outcome = match({
      receipt: { usageId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
    });
    assert.equal(outcome.reason, 'NO_RECEIPT');
    assert.equal(outcome.variances[0]?.varianceCents, 245_000);
  });

  test('assigns lines by every identifier both sides give: GTIN-13 equals its GTIN-14, serials compare case-blind', () => {
    assert.equal(poLineOf(invoiceLine({ gtin: '7613327123456' }), [poLine]), poLine);
    assert.equal(poLineOf(invoiceLine({ serialNumber: 'sn-000981' }), [poLine]), poLine);
    assert.equal(poLineOf(invoiceLine({ lotNumber: 'OTHER' }), [poLine]), undefined);
    assert.equal(poLineOf(invoiceLine({ poLineNumber: 2 }), [poLine]), undefined);
    assert.equal(
      poLineOf(invoiceLine({ supplierItemNumber: null }), [poLine]),
      poLine,
      'a line naming nothing belongs to the first PO line',
    );
  });

  test('names the largest variance as the reason when there are several', () => {
    const outcome = match({
      invoiceLines: [invoiceLine({ quantity: 2, lineAmountCents: 600_000 })],
    });
    assert.deepEqual(
      outcome.variances.map((v) => [v.reason, v.varianceCents]),
      [
        ['QUANTITY_VARIANCE', 245_000],
        ['PRICE_VARIANCE', 110_000],
      ],
    );
    assert.equal(outcome.reason, 'QUANTITY_VARIANCE');
  });
});
