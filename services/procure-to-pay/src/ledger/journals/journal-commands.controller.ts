import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  PostRevenueJournal,
  PostRevenueJournalReply,
  ReverseJournal,
  ReverseJournalReply,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { JournalReversalService } from './journal-reversal.service.js';
import { RevenueJournalService } from './revenue-journal.service.js';

/**
 * The ledger's saga commands on procure-to-pay.commands.v1 (discharge-to-revenue step 6 and its
 * compensation). implant-to-invoice's commands of the same topic are answered by
 * `purchasing/purchasing-commands.controller.ts`.
 */
@Controller()
export class JournalCommandsController {
  constructor(
    private readonly revenue: RevenueJournalService,
    private readonly reversals: JournalReversalService,
  ) {}

  @OnMessage(Topics.ProcureToPayCommandsV1, PostRevenueJournal)
  async postRevenueJournal(
    @Payload() command: PostRevenueJournal,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, PostRevenueJournalReply, (manager) =>
      this.revenue.post(manager, command, ctx),
    );
  }

  @OnMessage(Topics.ProcureToPayCommandsV1, ReverseJournal)
  async reverseJournal(
    @Payload() command: ReverseJournal,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ReverseJournalReply, (manager) =>
      this.reversals.reverse(manager, command, ctx),
    );
  }
}
