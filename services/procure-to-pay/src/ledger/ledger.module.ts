import { Module } from '@nestjs/common';
import { AccountsController } from './chart/accounts.controller.js';
import { CostCenter, GlAccount, RevenueCodeMapping } from './chart/chart.entities.js';
import { ChartService } from './chart/chart.service.js';
import { CostCentersController } from './chart/cost-centers.controller.js';
import { RevenueMappingController } from './chart/revenue-mapping.controller.js';
import { JournalCommandsController } from './journals/journal-commands.controller.js';
import { JournalReversalService } from './journals/journal-reversal.service.js';
import { Journal, JournalLine, PostingCancellation } from './journals/journal.entities.js';
import { JournalStore } from './journals/journal.store.js';
import { JournalsController } from './journals/journals.controller.js';
import { JournalsService } from './journals/journals.service.js';
import { RevenueJournalService } from './journals/revenue-journal.service.js';
import { ChartImport1795600000000 } from './migrations/chart-import.migration.js';
import { ChartOfAccountsSeed1795600100000 } from './migrations/chart-of-accounts.seed.js';
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
// ChartOfAccounts1795500100000 (the demo chart as plain inserts) is superseded by
// ChartOfAccountsSeed1795600100000, which writes the same rows through the import API's writer.
export const LEDGER_MIGRATIONS = [
  LedgerTables1795500000000,
  ChartImport1795600000000,
  ChartOfAccountsSeed1795600100000,
];

/**
 * The general ledger: chart of accounts, cost centers and revenue-code mapping (import API), revenue journals of
 * discharge-to-revenue (PostRevenueJournal, ReverseJournal over Kafka), journals and the trial
 * balance over HTTP.
 */
@Module({
  controllers: [
    JournalCommandsController,
    AccountsController,
    CostCentersController,
    RevenueMappingController,
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
  exports: [ChartService, JournalStore],
})
export class LedgerModule {}
