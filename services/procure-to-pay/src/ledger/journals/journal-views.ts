import { formatCents } from '@meridian/contracts';
import type { JournalDto, JournalLineDto } from './dto/journal.dto.js';
import type { Journal, JournalLine } from './journal.entities.js';

export function toJournalLineDto(line: JournalLine): JournalLineDto {
  return {
    lineNumber: line.lineNumber,
    accountCode: line.accountCode,
    costCenter: line.costCenter,
    debit: formatCents(line.debitCents),
    credit: formatCents(line.creditCents),
    memo: line.memo,
  };
}

export function toJournalDto(
  journal: Journal,
  lines: readonly JournalLine[],
  reversedByJournalId: string | null,
): JournalDto {
  return {
    journalId: journal.journalId,
    journalType: journal.journalType,
    companyCode: journal.companyCode,
    sourceType: journal.sourceType,
    sourceId: journal.sourceId,
    encounterId: journal.encounterId,
    payerId: journal.payerId,
    patientClass: journal.patientClass,
    postingDate: journal.postingDate,
    currency: journal.currency,
    status: journal.status,
    totalDebit: formatCents(journal.totalDebitCents),
    totalCredit: formatCents(journal.totalCreditCents),
    erpDocumentNumber: journal.erpDocumentNumber,
    reversesJournalId: journal.reversesJournalId,
    reversedByJournalId,
    reversalReason: journal.reversalReason,
    sagaId: journal.sagaId,
    postedAt: journal.postedAt.toISOString(),
    reversedAt: journal.reversedAt?.toISOString() ?? null,
    lines: lines.map(toJournalLineDto),
  };
}
