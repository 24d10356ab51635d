import { Inject, Injectable, Logger } from '@nestjs/common';
import { JournalReversed, localDate, Topics } from '@meridian/contracts';
import type { ReverseJournal, ReverseJournalReply } from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app.config.js';
import { reversalPostingDate } from '../posting-date.js';
import { newJournalId, reversalLines } from './journal-builder.js';
import { journalReversedDraft } from './journal-events.js';
import type { Facts } from '../../facts.js';
import { Journal, PostingCancellation } from './journal.entities.js';
import { JournalStore } from './journal.store.js';

type ReverseResult = ResultOf<ReverseJournalReply>;

const NOTHING_REVERSED: ReverseResult = { reversalJournalId: null, postingDate: null };

/** The compensation of PostRevenueJournal: a mirror journal, the original marked REVERSED. */
@Injectable()
export class JournalReversalService {
  private readonly logger = new Logger(JournalReversalService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly journals: JournalStore,
  ) {}

  async reverse(
    manager: EntityManager,
    command: ReverseJournal,
    events: Facts,
  ): Promise<ReverseResult> {
    const journalId = command.journalId.trim();
    const original = journalId
      ? await this.journals.find(manager, journalId, true)
      : await this.originalOfSaga(manager, command);
    if (!original) {
      if (!journalId) return NOTHING_REVERSED;
      throw new CommandRejectedError('JOURNAL_NOT_FOUND', `journal ${journalId} does not exist`, {
        details: { journalId },
      });
    }
    checkReversible(original, command);
    if (original.status === 'REVERSED') {
      // A resend: answer the reversal posted the first time.
      const earlier = await this.journals.reversalOf(manager, original.journalId);
      if (!earlier) throw new Error(`journal ${original.journalId} is REVERSED without a reversal`);
      return { reversalJournalId: earlier.journalId, postingDate: earlier.postingDate };
    }

    const today = localDate(new Date(), this.config.facilityTimeZone);
    const postingDate = reversalPostingDate(original.postingDate, today);
    const lines = (await this.journals.linesOf(manager, [original.journalId])).get(
      original.journalId,
    );
    const reversal = await this.journals.insert(
      manager,
      {
        journalId: newJournalId(postingDate),
        journalType: original.journalType,
        companyCode: original.companyCode,
        sourceType: 'JOURNAL',
        sourceId: original.journalId,
        encounterId: original.encounterId,
        payerId: original.payerId,
        patientClass: original.patientClass,
        postingDate,
        currency: original.currency,
        reversesJournalId: original.journalId,
        reversalReason: command.reason,
        sagaId: command.sagaId,
      },
      reversalLines(original.journalId, lines ?? []),
    );
    await manager.update(
      Journal,
      { journalId: original.journalId },
      { status: 'REVERSED', reversedAt: reversal.postedAt },
    );
    await events.publish(
      Topics.P2pJournalV1,
      JournalReversed,
      journalReversedDraft(original, reversal),
      { key: original.journalId },
    );
    this.logger.log({
      msg: 'journal reversed',
      journalId: original.journalId,
      reversalJournalId: reversal.journalId,
      sagaId: command.sagaId,
    });
    return { reversalJournalId: reversal.journalId, postingDate: reversal.postingDate };
  }

  /**
   * Without a journal id the saga was cancelled while its PostRevenueJournal awaited a reply: that
   * command may have posted all the same (then its journal is reversed), or may still come (then
   * the cancellation recorded here makes it fail instead of posting).
   */
  private async originalOfSaga(
    manager: EntityManager,
    command: ReverseJournal,
  ): Promise<Journal | null> {
    const posted = await this.journals.revenueJournalOfSaga(
      manager,
      command.sagaId,
      command.claimId,
    );
    if (!posted) {
      this.logger.log({
        msg: 'nothing posted to reverse; posting cancelled',
        sagaId: command.sagaId,
      });
      await manager
        .createQueryBuilder()
        .insert()
        .into(PostingCancellation)
        .values({
          sagaId: command.sagaId,
          compensatedCommandMessageId: command.compensatedCommandMessageId,
          reason: command.reason,
          cancelledAt: new Date(),
        })
        .orIgnore()
        .execute();
    }
    return posted;
  }
}

/** Only an original journal is reversed, and only for the claim the saga names. */
function checkReversible(journal: Journal, command: ReverseJournal): void {
  if (journal.reversesJournalId !== null) {
    throw new CommandRejectedError(
      'JOURNAL_NOT_REVERSIBLE',
      `journal ${journal.journalId} is itself the reversal of ${journal.reversesJournalId}`,
      { details: { journalId: journal.journalId } },
    );
  }
  if (command.claimId && journal.sourceType === 'CLAIM' && journal.sourceId !== command.claimId) {
    throw new CommandRejectedError(
      'JOURNAL_CLAIM_MISMATCH',
      `journal ${journal.journalId} is for claim ${journal.sourceId}, not ${command.claimId}`,
      { details: { journalId: journal.journalId, claimId: command.claimId } },
    );
  }
}
