import { Controller, Logger } from '@nestjs/common';
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
import type { Answer, ReplyContract, SagaCommand } from '@meridian/saga';
import type { RecordOf } from '@meridian/contracts';
import type { EntityManager } from 'typeorm';
import { ImplantCommandsService } from './implant-commands.service.js';

const COMMANDS = Topics.SupplyConsumptionCommandsV1;

/**
 * The implant-to-invoice commands on supply-consumption.commands.v1, answered on saga.replies.v1.
 * Only the commands of usages this service captured are answered: every implant-to-invoice saga
 * starts from the ImplantUsed this service published with its usage, so a command of a usage it
 * never captured is another deployment's on a shared topic (another test run's process). It is
 * logged and left to its own participant; a usage lost here would surface as the saga's reply
 * timeout.
 */
@Controller()
export class ImplantCommandsController {
  private readonly logger = new Logger(ImplantCommandsController.name);

  constructor(private readonly implants: ImplantCommandsService) {}

  private async answerCaptured<
    C extends SagaCommand & { readonly usageId: string },
    K extends ReplyContract,
  >(
    ctx: MessageContext,
    command: C,
    reply: K,
    work: (manager: EntityManager) => Promise<Answer<RecordOf<K>>>,
  ): Promise<void> {
    if (!(await this.implants.isCaptured(ctx.manager, command.usageId))) {
      this.logger.warn({
        msg: 'implant-to-invoice command of a usage this service never captured: not answered',
        usageId: command.usageId,
        sagaId: command.sagaId,
        stepName: command.stepName,
      });
      return;
    }
    await answerCommand(ctx, command, reply, work);
  }

  /** Step 1: the UDI resolved in the item master, the lot checked, consignment stock taken. */
  @OnMessage(COMMANDS, ConfirmImplantUsage)
  async confirmImplantUsage(
    @Payload() command: ConfirmImplantUsage,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await this.answerCaptured(ctx, command, ConfirmImplantUsageReply, (manager) =>
      this.implants.confirm(manager, command),
    );
  }

  /** Compensation of step 1: the usage reversed, its consignment stock put back. */
  @OnMessage(COMMANDS, ReverseImplantUsage)
  async reverseImplantUsage(
    @Payload() command: ReverseImplantUsage,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await this.answerCaptured(ctx, command, ReverseImplantUsageReply, (manager) =>
      this.implants.reverse(manager, command, ctx.publish),
    );
  }

  /** Step 6: the consignment restock asked of the supplier. */
  @OnMessage(COMMANDS, RequestReplenishment)
  async requestReplenishment(
    @Payload() command: RequestReplenishment,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await this.answerCaptured(ctx, command, RequestReplenishmentReply, (manager) =>
      this.implants.requestReplenishment(manager, command, ctx.publish),
    );
  }
}
