import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  ApproveInvoiceAndPostCost,
  ApproveInvoiceAndPostCostReply,
  CancelPurchaseOrder,
  CancelPurchaseOrderReply,
  CreateBillOnlyPurchaseOrder,
  CreateBillOnlyPurchaseOrderReply,
  MatchSupplierInvoice,
  MatchSupplierInvoiceReply,
  Topics,
} from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { answerCommand } from '@meridian/saga';
import { InvoiceApprovalService } from '../payables/approval/invoice-approval.service.js';
import { InvoiceMatchService } from '../payables/match/invoice-match.service.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';

/**
 * implant-to-invoice's commands on procure-to-pay.commands.v1: the bill-only PO (step 2) and its
 * compensation, the invoice match (step 4) and the approval with the case cost (step 5).
 */
@Controller()
export class PurchasingCommandsController {
  constructor(
    private readonly orders: PurchaseOrdersService,
    private readonly matcher: InvoiceMatchService,
    private readonly approvals: InvoiceApprovalService,
  ) {}

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

  @OnMessage(Topics.ProcureToPayCommandsV1, MatchSupplierInvoice)
  async matchSupplierInvoice(
    @Payload() command: MatchSupplierInvoice,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, MatchSupplierInvoiceReply, (manager) =>
      this.matcher.match({ manager, facts: ctx, reply: ctx.publish.bind(ctx) }, command),
    );
  }

  @OnMessage(Topics.ProcureToPayCommandsV1, ApproveInvoiceAndPostCost)
  async approveInvoiceAndPostCost(
    @Payload() command: ApproveInvoiceAndPostCost,
    @Ctx() ctx: MessageContext,
  ): Promise<void> {
    await answerCommand(ctx, command, ApproveInvoiceAndPostCostReply, (manager) =>
      this.approvals.approve(manager, command, ctx),
    );
  }
}
