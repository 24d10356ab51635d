// The three-way match of accounts payable as pure data: the PO lines (contract price, quantity),
// the receipt (for a bill-only PO the implant usage, its quantity the receipt quantity) and the
// supplier's invoice lines less its credit memo lines. Integer cents and units only.
//
// The rule, per PO line, with P the contract unit price, R the receipt quantity, and Q and A the
// quantity and amount the invoices bill for the line (credit memo amounts subtracted from A):
//
// - QUANTITY_VARIANCE when |Q - R| > AP_QUANTITY_TOLERANCE (units); variance |Q - R| x P.
// - PRICE_VARIANCE when the price variance V = A - Q x P is outside BOTH tolerances, that is when
//   |V| > AP_PRICE_TOLERANCE_AMOUNT and |V| > AP_PRICE_TOLERANCE_PERCENT % of Q x P (a variance
//   within either one is accepted; the amount is per line, not per unit); variance |V|.
// - NO_RECEIPT when the line bills for no receipt (its usage is not the command's); variance A.
// - NO_PO for an invoice or credit memo line no PO line matches; variance its amount.
//
// An invoice line belongs to the first PO line every identifier given on both agrees with (PO
// line number, supplier item number, GTIN, lot, serial); a line naming none belongs to the first.
import type { MatchExceptionReason } from '@meridian/contracts';

/** Tolerances of the match (AP_PRICE_TOLERANCE_PERCENT, AP_PRICE_TOLERANCE_AMOUNT, AP_QUANTITY_TOLERANCE). */
export interface MatchTolerance {
  /** Hundredths of a percent: 200 = 2 %. */
  readonly pricePercentBasisPoints: number;
  readonly priceAmountCents: number;
  readonly quantity: number;
}

export interface PoLineToMatch {
  readonly lineNumber: number;
  readonly supplierItemNumber: string | null;
  readonly gtin: string | null;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
  readonly usageId: string | null;
}

export interface InvoiceLineToMatch {
  readonly lineNumber: number;
  readonly poLineNumber: number | null;
  readonly supplierItemNumber: string | null;
  readonly gtin: string | null;
  readonly quantity: number;
  readonly lineAmountCents: number;
  readonly lotNumber: string | null;
  readonly serialNumber: string | null;
}

/** What was received: the implant usage (usage-as-receipt) and its quantity. */
export interface Receipt {
  readonly usageId: string;
  readonly quantity: number;
}

export interface MatchInput {
  readonly poLines: readonly PoLineToMatch[];
  readonly receipt: Receipt;
  readonly invoiceLines: readonly InvoiceLineToMatch[];
  /** Lines of the PO's credit memos: their amounts are credited against the PO lines. */
  readonly creditLines: readonly InvoiceLineToMatch[];
  readonly tolerance: MatchTolerance;
}

/** One discrepancy outside tolerance (a MatchVariance in cents). */
export interface Variance {
  readonly reason: Exclude<MatchExceptionReason, 'UNKNOWN'>;
  readonly invoiceLineNumber: number | null;
  readonly poLineNumber: number | null;
  readonly expectedUnitPriceCents: number | null;
  readonly invoicedUnitPriceCents: number | null;
  readonly expectedQuantity: number | null;
  readonly invoicedQuantity: number | null;
  readonly varianceCents: number;
}

export interface MatchOutcome {
  /** Every discrepancy outside tolerance; none when the invoice matched. */
  readonly variances: readonly Variance[];
  /** The reason of the largest variance; null when matched. */
  readonly reason: Variance['reason'] | null;
  /** What the invoice lines bill less the credit memo lines. */
  readonly netLinesCents: number;
  /** netLinesCents minus the PO lines' amount: the variance accepted when matched (signed). */
  readonly varianceCents: number;
}

/** GTIN-8/12/13/14 compared as GTIN-14. */
const gtin14 = (gtin: string): string => gtin.trim().padStart(14, '0');
const same = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();

function agrees(
  given: string | null,
  onPo: string | null,
  eq: (a: string, b: string) => boolean,
): boolean {
  return given === null || onPo === null || eq(given, onPo);
}

/** The PO line an invoice line bills for, or undefined. */
export function poLineOf(
  line: InvoiceLineToMatch,
  poLines: readonly PoLineToMatch[],
): PoLineToMatch | undefined {
  return poLines.find(
    (po) =>
      (line.poLineNumber === null || line.poLineNumber === po.lineNumber) &&
      agrees(line.supplierItemNumber, po.supplierItemNumber, same) &&
      agrees(line.gtin, po.gtin, (a, b) => gtin14(a) === gtin14(b)) &&
      agrees(line.lotNumber, po.lotNumber, same) &&
      agrees(line.serialNumber, po.serialNumber, same),
  );
}

/** Whether a price variance of `varianceCents` on a line worth `expectedCents` is accepted. */
export function priceWithinTolerance(
  varianceCents: number,
  expectedCents: number,
  tolerance: MatchTolerance,
): boolean {
  const variance = Math.abs(varianceCents);
  return (
    variance <= tolerance.priceAmountCents ||
    variance * 10_000 <= tolerance.pricePercentBasisPoints * Math.abs(expectedCents)
  );
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The variances of one PO line billed `quantity` units for `amountCents` (credits deducted). */
function lineVariances(
  po: PoLineToMatch,
  billed: { quantity: number; amountCents: number; firstInvoiceLine: number | null },
  receipt: Receipt,
  tolerance: MatchTolerance,
): Variance[] {
  const { quantity, amountCents, firstInvoiceLine } = billed;
  const base = {
    invoiceLineNumber: firstInvoiceLine,
    poLineNumber: po.lineNumber,
    expectedUnitPriceCents: po.unitPriceCents,
    invoicedUnitPriceCents: quantity > 0 ? Math.round(amountCents / quantity) : null,
    invoicedQuantity: quantity,
  };
  const received = po.usageId !== null && po.usageId === receipt.usageId ? receipt.quantity : null;
  if (received === null) {
    if (quantity === 0 && amountCents === 0) return [];
    return [
      {
        ...base,
        reason: 'NO_RECEIPT',
        expectedQuantity: null,
        varianceCents: Math.abs(amountCents),
      },
    ];
  }
  const variances: Variance[] = [];
  if (Math.abs(quantity - received) > tolerance.quantity) {
    variances.push({
      ...base,
      reason: 'QUANTITY_VARIANCE',
      expectedQuantity: received,
      varianceCents: Math.abs(quantity - received) * po.unitPriceCents,
    });
  }
  const expectedCents = quantity * po.unitPriceCents;
  const priceVariance = amountCents - expectedCents;
  if (quantity > 0 && !priceWithinTolerance(priceVariance, expectedCents, tolerance)) {
    variances.push({
      ...base,
      reason: 'PRICE_VARIANCE',
      expectedQuantity: received,
      varianceCents: Math.abs(priceVariance),
    });
  }
  return variances;
}

/** Matches the invoice (less credit memos) against the PO lines and the receipt. */
export function threeWayMatch(input: MatchInput): MatchOutcome {
  const { poLines, receipt, invoiceLines, creditLines, tolerance } = input;
  const unmatched: Variance[] = [];
  const billedOf = (lines: readonly InvoiceLineToMatch[], po: PoLineToMatch) =>
    lines.filter((line) => poLineOf(line, poLines) === po);
  for (const line of [...invoiceLines, ...creditLines]) {
    if (poLineOf(line, poLines)) continue;
    unmatched.push({
      reason: 'NO_PO',
      invoiceLineNumber: line.lineNumber,
      poLineNumber: null,
      expectedUnitPriceCents: null,
      invoicedUnitPriceCents: null,
      expectedQuantity: null,
      invoicedQuantity: line.quantity,
      varianceCents: line.lineAmountCents,
    });
  }
  const perLine = poLines.flatMap((po) => {
    const invoiced = billedOf(invoiceLines, po);
    return lineVariances(
      po,
      {
        quantity: sum(invoiced.map((l) => l.quantity)),
        amountCents:
          sum(invoiced.map((l) => l.lineAmountCents)) -
          sum(billedOf(creditLines, po).map((l) => l.lineAmountCents)),
        firstInvoiceLine: invoiced[0]?.lineNumber ?? null,
      },
      receipt,
      tolerance,
    );
  });
  const variances = [...perLine, ...unmatched];
  const largest = variances.reduce<Variance | null>(
    (top, v) => (top === null || v.varianceCents > top.varianceCents ? v : top),
    null,
  );
  const netLinesCents =
    sum(invoiceLines.map((l) => l.lineAmountCents)) -
    sum(creditLines.map((l) => l.lineAmountCents));
  const poCents = sum(poLines.map((po) => po.quantity * po.unitPriceCents));
  return {
    variances,
    reason: largest?.reason ?? null,
    netLinesCents,
    varianceCents: netLinesCents - poCents,
  };
}
