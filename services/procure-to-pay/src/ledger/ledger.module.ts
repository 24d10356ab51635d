import { Module } from '@nestjs/common';
import { ChartController } from './chart/chart.controller.js';
import { CostCenter, GlAccount, RevenueCodeMapping } from './chart/chart.entities.js';
import { ChartService } from './chart/chart.service.js';
import { JournalCommandsController } from './journals/journal-commands.controller.js';
import { JournalReversalService } from './journals/journal-reversal.service.js';
import { Journal, JournalLine, PostingCancellation } from './journals/journal.entities.js';
import { JournalStore } from './journals/journal.store.js';
import { JournalsController } from './journals/journals.controller.js';
import { JournalsService } from './journals/journals.service.js';
import { RevenueJournalService } from './journals/revenue-journal.service.js';
import { ChartOfAccounts1795500100000 } from './migrations/chart-of-accounts.migration.js';
import { LedgerTables1795500000000 } from './migrations/ledger-tables.migration.js';
import { TrialBalanceController } from './trial-balance/trial-balance.controller.js';
import { TrialBalanceService } from './trial-balance/trial-balance.service.js';

/** The ledger's tables, for the service kit's database options. */
export const LEDGER_ENTITIES = [
  GlAccount,
  CostCenter,
  RevenueCodeMapping,
  Journal,
  JournalLine,
  PostingCancellation,
];
export const LEDGER_MIGRATIONS = [LedgerTables1795500000000, ChartOfAccounts1795500100000];

/**
 * The general ledger: chart of accounts and cost centers, revenue journals of
 * discharge-to-revenue (PostRevenueJournal, ReverseJournal over Kafka), journals and the trial
 * balance over HTTP.
 */
@Module({
  controllers: [
    JournalCommandsController,
    ChartController,
    JournalsController,
    TrialBalanceController,
  ],
  providers: [
    ChartService,
    JournalStore,
    RevenueJournalService,
    JournalReversalService,
    JournalsService,
    TrialBalanceService,
  ],
})
export class LedgerModule {}
