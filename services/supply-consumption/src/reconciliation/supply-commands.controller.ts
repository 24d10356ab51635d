import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ReconcileEncounterSupplies,
  ReconcileEncounterSuppliesReply,
  Topics,
  UnreconcileEncounterSupplies,
  UnreconcileEncounterSuppliesReply,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { ReconciliationService } from './reconciliation.service.js';

/**
 * The discharge-to-revenue commands on supply-consumption.commands.v1, each answered on
 * saga.replies.v1. The implant-to-invoice ones are answered by ImplantCommandsController.
 */
@Controller()
export class SupplyCommandsController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  /** discharge-to-revenue step 2. */
  @OnMessage(Topics.SupplyConsumptionCommandsV1, ReconcileEncounterSupplies)
  async reconcileEncounterSupplies(
    @Payload() command: ReconcileEncounterSupplies,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ReconcileEncounterSuppliesReply, (manager) =>
      this.reconciliation.reconcile(manager, command),
    );
  }

  /** Compensation of step 2: the usages the saga reconciled are un-marked. */
  @OnMessage(Topics.SupplyConsumptionCommandsV1, UnreconcileEncounterSupplies)
  async unreconcileEncounterSupplies(
    @Payload() command: UnreconcileEncounterSupplies,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, UnreconcileEncounterSuppliesReply, (manager) =>
      this.reconciliation.unreconcile(manager, command),
    );
  }
}
