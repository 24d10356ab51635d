import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  FinalizeCharges,
  FinalizeChargesReply,
  PostImplantCharge,
  PostImplantChargeReply,
  ReverseCharges,
  ReverseChargesReply,
  ReverseImplantCharge,
  ReverseImplantChargeReply,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { CodingService } from '../coding/coding.service.js';
import { ChargesService } from './charges.service.js';
import { ImplantChargesService } from './implant-charges.service.js';

const COMMANDS = Topics.RevenueCycleCommandsV1;

/** The charge commands of discharge-to-revenue and implant-to-invoice, and their compensations. */
@Controller()
export class ChargeCommandsController {
  constructor(
    private readonly charges: ChargesService,
    private readonly implants: ImplantChargesService,
    private readonly coding: CodingService,
  ) {}

  @OnMessage(COMMANDS, FinalizeCharges)
  async finalizeCharges(
    @Payload() command: FinalizeCharges,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, FinalizeChargesReply, (manager) =>
      this.charges.finalize(manager, command, ctx.publish),
    );
  }

  /** Compensation: the charges reversed, and the encounter no longer waits for a coder. */
  @OnMessage(COMMANDS, ReverseCharges)
  async reverseCharges(
    @Payload() command: ReverseCharges,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ReverseChargesReply, async (manager) => {
      const result = await this.charges.reverse(manager, command, ctx.publish);
      await this.coding.cancelOpen(manager, command.encounterId);
      return result;
    });
  }

  @OnMessage(COMMANDS, PostImplantCharge)
  async postImplantCharge(
    @Payload() command: PostImplantCharge,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, PostImplantChargeReply, (manager) =>
      this.implants.post(manager, command, ctx.publish),
    );
  }

  @OnMessage(COMMANDS, ReverseImplantCharge)
  async reverseImplantCharge(
    @Payload() command: ReverseImplantCharge,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ReverseImplantChargeReply, (manager) =>
      this.implants.reverse(manager, command, ctx.publish),
    );
  }
}
