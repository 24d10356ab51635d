import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  SubmitClaim,
  SubmitClaimReply,
  Topics,
  VoidClaim,
  VoidClaimReply,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { ClaimsService } from './claims.service.js';

/** The claim command of discharge-to-revenue and its compensation. */
@Controller()
export class ClaimCommandsController {
  constructor(private readonly claims: ClaimsService) {}

  @OnMessage(Topics.RevenueCycleCommandsV1, SubmitClaim)
  async submitClaim(@Payload() command: SubmitClaim, @Ctx() ctx: MessageContext): Promise<void> {
    await answerCommand(ctx, command, SubmitClaimReply, (manager) =>
      this.claims.submit(manager, command, ctx.publish),
    );
  }

  @OnMessage(Topics.RevenueCycleCommandsV1, VoidClaim)
  async voidClaim(@Payload() command: VoidClaim, @Ctx() ctx: MessageContext): Promise<void> {
    await answerCommand(ctx, command, VoidClaimReply, (manager) =>
      this.claims.void(manager, command, ctx.publish),
    );
  }
}
