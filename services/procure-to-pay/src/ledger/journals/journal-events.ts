// The facts the ledger publishes on p2p.journal.v1, built from what was stored.
import { formatCents } from '@meridian/contracts';
import type { JournalPosted, JournalReversed } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import type { JournalLineDraft } from './journal-builder.js';
import type { Journal } from './journal.entities.js';

export function journalPostedDraft(
  journal: Journal,
  lines: readonly JournalLineDraft[],
): Draft<JournalPosted> {
  return {
    journalId: journal.journalId,
    journalType: journal.journalType,
    companyCode: journal.companyCode,
    postingDate: journal.postingDate,
    postedAt: journal.postedAt,
    sourceReference: journal.sourceId,
    encounterId: journal.encounterId,
    lines: lines.map((line) => ({
      lineNumber: line.lineNumber,
      accountCode: line.accountCode,
      costCenter: line.costCenter,
      debit: formatCents(line.debitCents),
      credit: formatCents(line.creditCents),
      memo: line.memo,
    })),
    totalDebit: formatCents(journal.totalDebitCents),
    totalCredit: formatCents(journal.totalCreditCents),
    currency: journal.currency,
    erpDocumentNumber: journal.erpDocumentNumber,
    sagaId: journal.sagaId,
  };
}

export function journalReversedDraft(original: Journal, reversal: Journal): Draft<JournalReversed> {
  return {
    journalId: original.journalId,
    reversalJournalId: reversal.journalId,
    journalType: original.journalType,
    companyCode: reversal.companyCode,
    postingDate: reversal.postingDate,
    reversedAt: reversal.postedAt,
    reason: reversal.reversalReason ?? '',
    totalAmount: formatCents(original.totalDebitCents),
    currency: original.currency,
    erpDocumentNumber: reversal.erpDocumentNumber,
    sagaId: reversal.sagaId,
  };
}
