import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ConfirmImplantUsage,
  ConfirmImplantUsageReply,
  RequestReplenishment,
  RequestReplenishmentReply,
  ReverseImplantUsage,
  ReverseImplantUsageReply,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { ImplantCommandsService } from './implant-commands.service.js';

const COMMANDS = Topics.SupplyConsumptionCommandsV1;

/** The implant-to-invoice commands on supply-consumption.commands.v1, answered on saga.replies.v1. */
@Controller()
export class ImplantCommandsController {
  constructor(private readonly implants: ImplantCommandsService) {}

  /** Step 1: the UDI resolved in the item master, the lot checked, consignment stock taken. */
  @OnMessage(COMMANDS, ConfirmImplantUsage)
  async confirmImplantUsage(
    @Payload() command: ConfirmImplantUsage,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ConfirmImplantUsageReply, (manager) =>
      this.implants.confirm(manager, command),
    );
  }

  /** Compensation of step 1: the usage reversed, its consignment stock put back. */
  @OnMessage(COMMANDS, ReverseImplantUsage)
  async reverseImplantUsage(
    @Payload() command: ReverseImplantUsage,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ReverseImplantUsageReply, (manager) =>
      this.implants.reverse(manager, command, ctx.publish),
    );
  }

  /** Step 6: the consignment restock asked of the supplier. */
  @OnMessage(COMMANDS, RequestReplenishment)
  async requestReplenishment(
    @Payload() command: RequestReplenishment,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, RequestReplenishmentReply, (manager) =>
      this.implants.requestReplenishment(manager, command, ctx.publish),
    );
  }
}
