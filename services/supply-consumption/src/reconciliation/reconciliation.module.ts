import { Module } from '@nestjs/common';
import { ReconciliationService } from './reconciliation.service.js';
import { SupplyCommandsController } from './supply-commands.controller.js';

/** The ReconcileEncounterSupplies saga command (discharge-to-revenue step 2) and its compensation. */
@Module({
  controllers: [SupplyCommandsController],
  providers: [ReconciliationService],
})
export class ReconciliationModule {}
