import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CompleteCoding, CompleteCodingReply, Topics } from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { CodingService } from './coding.service.js';

/** The coding command of discharge-to-revenue. */
@Controller()
export class CodingCommandsController {
  constructor(private readonly coding: CodingService) {}

  @OnMessage(Topics.RevenueCycleCommandsV1, CompleteCoding)
  async completeCoding(
    @Payload() command: CompleteCoding,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, CompleteCodingReply, (manager) =>
      this.coding.answer(manager, command, ctx.publish),
    );
  }
}
