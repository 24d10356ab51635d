import { Inject, Injectable, Logger } from '@nestjs/common';
import { JournalPosted, localDate, Topics } from '@meridian/contracts';
import type { PostRevenueJournal, PostRevenueJournalReply } from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app.config.js';
import { ChartService } from '../chart/chart.service.js';
import { resolveRevenueCode } from '../chart/revenue-mapping.js';
import { buildRevenueJournalLines, newJournalId } from './journal-builder.js';
import { journalPostedDraft } from './journal-events.js';
import type { Facts } from '../../facts.js';
import { PostingCancellation } from './journal.entities.js';
import type { Journal } from './journal.entities.js';
import { JournalStore } from './journal.store.js';

type PostResult = ResultOf<PostRevenueJournalReply>;

function resultOf(journal: Journal): PostResult {
  return {
    journalId: journal.journalId,
    erpDocumentNumber: journal.erpDocumentNumber,
    postingDate: journal.postingDate,
  };
}

/** discharge-to-revenue step 6: a submitted claim's AR / revenue journal, once per claim. */
@Injectable()
export class RevenueJournalService {
  private readonly logger = new Logger(RevenueJournalService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly chart: ChartService,
    private readonly journals: JournalStore,
  ) {}

  async post(
    manager: EntityManager,
    command: PostRevenueJournal,
    events: Facts,
  ): Promise<PostResult> {
    if (await manager.existsBy(PostingCancellation, { sagaId: command.sagaId })) {
      throw new CommandRejectedError(
        'POSTING_CANCELLED',
        `saga ${command.sagaId} compensated its revenue posting before it was posted`,
        { details: { sagaId: command.sagaId } },
      );
    }
    const existing = await this.journals.revenueJournalFor(
      manager,
      command.claimId,
      command.sagaId,
    );
    // A resend (or a second saga of the same claim) answers the journal the claim already has.
    if (existing) return resultOf(existing);

    const mappings = await this.chart.revenueMappings(manager);
    const lines = buildRevenueJournalLines(command, (code) => resolveRevenueCode(code, mappings));
    const postingDate = command.postingDate ?? localDate(new Date(), this.config.facilityTimeZone);
    const journal = await this.journals.insert(
      manager,
      {
        journalId: newJournalId(postingDate),
        journalType: 'PATIENT_REVENUE',
        companyCode: this.config.companyCode,
        sourceType: 'CLAIM',
        sourceId: command.claimId,
        encounterId: command.encounterId,
        payerId: command.payerId,
        patientClass: command.patientClass,
        postingDate,
        currency: command.currency,
        reversesJournalId: null,
        reversalReason: null,
        sagaId: command.sagaId,
      },
      lines,
    );
    await events.publish(Topics.P2pJournalV1, JournalPosted, journalPostedDraft(journal, lines), {
      key: journal.journalId,
    });
    this.logger.log({
      msg: 'revenue journal posted',
      journalId: journal.journalId,
      erpDocumentNumber: journal.erpDocumentNumber,
      claimId: journal.sourceId,
      encounterId: journal.encounterId,
      sagaId: journal.sagaId,
    });
    return resultOf(journal);
  }
}
