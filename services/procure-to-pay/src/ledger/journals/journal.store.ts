import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { assertBalanced } from './journal-builder.js';
import type { JournalLineDraft } from './journal-builder.js';
import { Journal, JournalLine } from './journal.entities.js';

/** A journal header before posting: what the poster decides (totals and numbers come here). */
export type NewJournal = Omit<
  Journal,
  | 'totalDebitCents'
  | 'totalCreditCents'
  | 'erpDocumentNumber'
  | 'status'
  | 'postedAt'
  | 'reversedAt'
>;

/** Reads and writes journals inside the caller's transaction. */
@Injectable()
export class JournalStore {
  /** Posts a balanced journal with its lines and an ERP document number from the ledger sequence. */
  async insert(
    manager: EntityManager,
    header: NewJournal,
    lines: readonly JournalLineDraft[],
  ): Promise<Journal> {
    const totals = assertBalanced(lines);
    const [{ number }] = await manager.query<[{ number: string }]>(
      "SELECT nextval('gl_document_number_seq')::text AS number",
    );
    const journal: Journal = {
      ...header,
      totalDebitCents: totals.debitCents,
      totalCreditCents: totals.creditCents,
      erpDocumentNumber: number,
      status: 'POSTED',
      postedAt: new Date(),
      reversedAt: null,
    };
    await manager.insert(Journal, journal);
    await manager.insert(
      JournalLine,
      lines.map((line) => ({ ...line, journalId: journal.journalId })),
    );
    return journal;
  }

  /** The journal, locked for update when `lock` (the reversal changes its status). */
  find(manager: EntityManager, journalId: string, lock = false): Promise<Journal | null> {
    return manager.findOne(Journal, {
      where: { journalId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** The lines of each journal, by journal id, in line order. */
  async linesOf(
    manager: EntityManager,
    journalIds: readonly string[],
  ): Promise<Map<string, JournalLine[]>> {
    const byJournal = new Map<string, JournalLine[]>(journalIds.map((id) => [id, []]));
    if (journalIds.length === 0) return byJournal;
    const lines = await manager.find(JournalLine, {
      where: { journalId: In([...journalIds]) },
      order: { journalId: 'ASC', lineNumber: 'ASC' },
    });
    for (const line of lines) byJournal.get(line.journalId)?.push(line);
    return byJournal;
  }

  /**
   * The revenue journal a PostRevenueJournal of `sagaId` for `claimId` already has: the one this
   * saga posted (a resend, whatever became of it), else the claim's live (POSTED) one.
   */
  async revenueJournalFor(
    manager: EntityManager,
    claimId: string,
    sagaId: string,
  ): Promise<Journal | null> {
    const journals = await manager.find(Journal, {
      where: { sourceType: 'CLAIM', sourceId: claimId },
      order: { postedAt: 'DESC' },
    });
    return (
      journals.find((j) => j.sagaId === sagaId) ??
      journals.find((j) => j.status === 'POSTED') ??
      null
    );
  }

  /** The revenue journal a saga posted (for its claim, when known), locked for the reversal. */
  revenueJournalOfSaga(
    manager: EntityManager,
    sagaId: string,
    claimId: string | null,
  ): Promise<Journal | null> {
    return manager.findOne(Journal, {
      where: { sourceType: 'CLAIM', sagaId, ...(claimId ? { sourceId: claimId } : {}) },
      order: { postedAt: 'DESC' },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The journal that reverses `journalId`, if any. */
  reversalOf(manager: EntityManager, journalId: string): Promise<Journal | null> {
    return manager.findOne(Journal, { where: { reversesJournalId: journalId } });
  }
}
