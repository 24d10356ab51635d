// Journals as pure data: the lines of a claim's revenue journal, the balance check, the mirror
// lines of a reversal. Rejections are CommandRejectedErrors: a saga command answers them FAILED.
import { randomBytes } from 'node:crypto';
import { formatCents, parseCents, SELF_PAY } from '@meridian/contracts';
import type { RevenueCodeAmount } from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { RevenuePosting } from '../chart/revenue-mapping.js';

export interface JournalLineDraft {
  readonly lineNumber: number;
  readonly accountCode: string;
  readonly costCenter: string;
  readonly debitCents: number;
  readonly creditCents: number;
  readonly memo: string | null;
}

export interface JournalTotals {
  readonly debitCents: number;
  readonly creditCents: number;
}

/** What a revenue journal is built from (the fields of PostRevenueJournal it reads). */
export interface RevenueJournalInput {
  readonly encounterId: string;
  readonly claimId: string;
  readonly payerId: string;
  readonly amountLines: readonly RevenueCodeAmount[];
  readonly totalAmount: string;
  readonly currency: string;
}

/** Patient receivables are managed by Patient Financial Services. */
export const RECEIVABLES_COST_CENTER = 'CC-FIN';
export const PATIENT_AR_ACCOUNT = '1200';
export const SELF_PAY_AR_ACCOUNT = '1210';

export const JOURNAL_ID = /^JE-\d{8}-[0-9a-f]{8}$/;

/** `JE-<yyyymmdd of the posting date>-<8 hex>`. */
export function newJournalId(postingDate: string, hex = randomBytes(4).toString('hex')): string {
  return `JE-${postingDate.replaceAll('-', '')}-${hex}`;
}

export function receivableAccountFor(payerId: string): string {
  return payerId === SELF_PAY ? SELF_PAY_AR_ACCOUNT : PATIENT_AR_ACCOUNT;
}

function rejectInvalid(field: string, message: string): never {
  throw new CommandRejectedError('INVALID_COMMAND', `${field} ${message}`, {
    details: { field },
  });
}

/** The fields a revenue journal cannot be posted without. */
function checkRevenueInput(input: RevenueJournalInput): void {
  for (const field of ['encounterId', 'claimId', 'payerId'] as const) {
    if (input[field].trim() === '') rejectInvalid(field, 'must not be empty');
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) rejectInvalid('currency', 'must be an ISO 4217 code');
}

function centsOf(field: string, amount: string): number {
  return parseCents(amount) ?? rejectInvalid(field, `is not an amount: ${amount}`);
}

/** A signed amount on an account: positive debits, negative credits. */
interface Posting {
  readonly accountCode: string;
  readonly costCenter: string;
  readonly cents: number;
  readonly memo: string;
}

/** Numbered lines from signed postings; zero amounts post nothing. */
function toLines(postings: readonly Posting[]): JournalLineDraft[] {
  return postings
    .filter((p) => p.cents !== 0)
    .map((p, index) => ({
      lineNumber: index + 1,
      accountCode: p.accountCode,
      costCenter: p.costCenter,
      debitCents: p.cents > 0 ? p.cents : 0,
      creditCents: p.cents < 0 ? -p.cents : 0,
      memo: p.memo,
    }));
}

export function totalsOf(lines: readonly JournalLineDraft[]): JournalTotals {
  return lines.reduce(
    (sum, line) => ({
      debitCents: sum.debitCents + line.debitCents,
      creditCents: sum.creditCents + line.creditCents,
    }),
    { debitCents: 0, creditCents: 0 },
  );
}

/** The totals of balanced lines; FAILED `JOURNAL_UNBALANCED` (details: debits, credits) otherwise. */
export function assertBalanced(lines: readonly JournalLineDraft[]): JournalTotals {
  const totals = totalsOf(lines);
  if (totals.debitCents !== totals.creditCents) {
    const debits = formatCents(totals.debitCents);
    const credits = formatCents(totals.creditCents);
    throw new CommandRejectedError(
      'JOURNAL_UNBALANCED',
      `debits ${debits} do not equal credits ${credits}: the amount lines do not add up to the total`,
      { retriable: false, details: { debits, credits } },
    );
  }
  return totals;
}

/**
 * A claim's revenue journal: DEBIT patient AR (self-pay AR for SELF-PAY) for the total, CREDIT the
 * mapped revenue account and cost center of each amount line. Fails `UNMAPPED_REVENUE_CODE` naming
 * every code without a mapping, `JOURNAL_UNBALANCED` when the lines do not add up to the total,
 * `JOURNAL_EMPTY` when every amount is zero.
 */
export function buildRevenueJournalLines(
  input: RevenueJournalInput,
  resolve: (revenueCode: string) => RevenuePosting | undefined,
): JournalLineDraft[] {
  checkRevenueInput(input);
  const revenue: Posting[] = [];
  const unmapped = new Set<string>();
  input.amountLines.forEach((line, index) => {
    const posting = resolve(line.revenueCode);
    const cents = centsOf(`amountLines[${index}].amount`, line.amount);
    if (!posting) unmapped.add(line.revenueCode);
    else
      revenue.push({
        ...posting,
        cents: -cents,
        memo: `Claim ${input.claimId} revenue code ${line.revenueCode}`,
      });
  });
  if (unmapped.size > 0) {
    const codes = [...unmapped].join(', ');
    throw new CommandRejectedError(
      'UNMAPPED_REVENUE_CODE',
      `no revenue account is mapped for revenue code ${codes}`,
      { retriable: false, details: { revenueCodes: codes } },
    );
  }
  const receivable: Posting = {
    accountCode: receivableAccountFor(input.payerId),
    costCenter: RECEIVABLES_COST_CENTER,
    cents: centsOf('totalAmount', input.totalAmount),
    memo: `Claim ${input.claimId} payer ${input.payerId}`,
  };
  const lines = toLines([receivable, ...revenue]);
  assertBalanced(lines);
  if (lines.length < 2) {
    throw new CommandRejectedError(
      'JOURNAL_EMPTY',
      `claim ${input.claimId} has no amount to post`,
      { retriable: false, details: { claimId: input.claimId } },
    );
  }
  return lines;
}

/** What a case-cost journal is built from: an approved implant invoice and where it posts. */
export interface CaseCostJournalInput {
  readonly invoiceId: string;
  readonly supplierInvoiceNumber: string;
  readonly poNumber: string;
  readonly encounterId: string;
  readonly expenseAccount: string;
  readonly payablesAccount: string;
  readonly costCenter: string;
  readonly amountCents: number;
}

/**
 * The case cost of an approved implant invoice: DEBIT the implant expense account on the case's
 * cost center, CREDIT accounts payable (same cost center), both lines naming the PO, the invoice
 * and the encounter. Fails `JOURNAL_EMPTY` for a zero amount.
 */
export function buildCaseCostJournalLines(input: CaseCostJournalInput): JournalLineDraft[] {
  const memo = `Implant case cost: PO ${input.poNumber}, invoice ${input.supplierInvoiceNumber} (${input.invoiceId}), encounter ${input.encounterId}`;
  const lines = toLines([
    {
      accountCode: input.expenseAccount,
      costCenter: input.costCenter,
      cents: input.amountCents,
      memo,
    },
    {
      accountCode: input.payablesAccount,
      costCenter: input.costCenter,
      cents: -input.amountCents,
      memo,
    },
  ]);
  if (lines.length < 2) {
    throw new CommandRejectedError(
      'JOURNAL_EMPTY',
      `invoice ${input.invoiceId} has no amount to post`,
      { retriable: false, details: { invoiceId: input.invoiceId } },
    );
  }
  assertBalanced(lines);
  return lines;
}

/** The mirror of a journal: the same lines with debits and credits swapped. */
export function reversalLines(
  originalJournalId: string,
  lines: readonly JournalLineDraft[],
): JournalLineDraft[] {
  return lines.map((line) => ({
    lineNumber: line.lineNumber,
    accountCode: line.accountCode,
    costCenter: line.costCenter,
    debitCents: line.creditCents,
    creditCents: line.debitCents,
    memo: `Reversal of ${originalJournalId}${line.memo ? `: ${line.memo}` : ''}`,
  }));
}
