import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  CancelPurchaseOrder,
  CancelPurchaseOrderReply,
  CreateBillOnlyPurchaseOrder,
  CreateBillOnlyPurchaseOrderReply,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { PurchaseOrdersService } from './purchase-orders.service.js';

/** implant-to-invoice's purchasing commands on procure-to-pay.commands.v1 (step 2, its compensation). */
@Controller()
export class PurchasingCommandsController {
  constructor(private readonly orders: PurchaseOrdersService) {}

  @OnMessage(Topics.ProcureToPayCommandsV1, CreateBillOnlyPurchaseOrder)
  async createBillOnlyPurchaseOrder(
    @Payload() command: CreateBillOnlyPurchaseOrder,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, CreateBillOnlyPurchaseOrderReply, (manager) =>
      this.orders.createBillOnly(manager, command, ctx),
    );
  }

  @OnMessage(Topics.ProcureToPayCommandsV1, CancelPurchaseOrder)
  async cancelPurchaseOrder(
    @Payload() command: CancelPurchaseOrder,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, CancelPurchaseOrderReply, (manager) =>
      this.orders.cancel(manager, command, ctx),
    );
  }
}
