// implant-to-invoice: an implant used at the point of care becomes a bill-only purchase order,
// a patient charge, a matched and approved supplier invoice with its case cost, and a
// consignment restock request.
import {
  ApproveInvoiceAndPostCost,
  ApproveInvoiceAndPostCostReply,
  CancelPurchaseOrder,
  CancelPurchaseOrderReply,
  ConfirmImplantUsage,
  ConfirmImplantUsageReply,
  CreateBillOnlyPurchaseOrder,
  CreateBillOnlyPurchaseOrderReply,
  ImplantUsed,
  ImplantUsageReversed,
  MatchSupplierInvoice,
  MatchSupplierInvoiceReply,
  PostImplantCharge,
  PostImplantChargeReply,
  RequestReplenishment,
  RequestReplenishmentReply,
  ReverseImplantCharge,
  ReverseImplantChargeReply,
  ReverseImplantUsage,
  ReverseImplantUsageReply,
  Topics,
  type Udi,
} from '@meridian/contracts';
import {
  asJson,
  cancellation,
  commandStep,
  defineSaga,
  hours,
  invoke,
  minutes,
  seconds,
  type FromJson,
  type SagaData,
} from '@meridian/saga';

/** What the saga carries from step to step (JSON: timestamps are ISO strings). */
export type ImplantData = {
  readonly usageId: string;
  readonly encounterId: string;
  readonly udi: FromJson<Udi>;
  readonly usedAt: string;
  readonly quantity: number;
  readonly consignment: boolean;
  readonly itemId: string | null;
  readonly supplierId: string | null;
  readonly supplierItemNumber?: string | null;
  readonly chargeCode?: string | null;
  readonly hcpcsCode?: string | null;
  readonly costCenter: string | null;
  readonly poNumber?: string;
  readonly expectedAmount?: string;
  readonly currency?: string;
  readonly chargeId?: string;
  readonly invoiceId?: string;
};

const COMMAND_TIMEOUT = minutes(2);
const INVOICE_WAIT = hours(24 * 30); // suppliers invoice bill-only implants within weeks
const RETRY = { attempts: 3, backoffMs: seconds(2) };
const UNDO_REASON = 'implant usage reversed or saga compensated';
const byUsage = (d: ImplantData): string => d.usageId;
const merge = (d: ImplantData, input: SagaData): ImplantData => ({ ...d, ...input });

export const implantToInvoice = defineSaga<ImplantUsed, ImplantData>({
  name: 'implant-to-invoice',
  version: 1,
  trigger: {
    topic: Topics.SupplyUsageV1,
    record: ImplantUsed,
    businessKey: (u) => u.usageId,
    uniqueBy: 'business-key',
    data: (u) => ({
      usageId: u.usageId,
      encounterId: u.encounterId,
      udi: asJson(u.udi),
      usedAt: u.usedAt.toISOString(),
      quantity: u.quantity,
      consignment: u.consignment,
      itemId: u.itemId,
      supplierId: u.supplierId,
      costCenter: u.unitId,
    }),
  },
  cancelledBy: cancellation(Topics.SupplyUsageV1, ImplantUsageReversed, (r) => r.usageId),
  steps: [
    // 1. supply-consumption: UDI to item master, lot neither expired nor recalled, consignment stock
    //    decremented; an unknown item waits in the exception queue and is confirmed again.
    commandStep('ConfirmImplantUsage', {
      invoke: invoke(
        Topics.SupplyConsumptionCommandsV1,
        ConfirmImplantUsage,
        ConfirmImplantUsageReply,
        (d: ImplantData) => ({
          usageId: d.usageId,
          encounterId: d.encounterId,
          udi: d.udi,
          usedAt: d.usedAt,
          quantity: d.quantity,
          consignment: d.consignment,
        }),
        byUsage,
      ),
      onReply: (d: ImplantData, r: ConfirmImplantUsageReply) => ({
        ...d,
        itemId: r.itemId ?? d.itemId,
        supplierId: r.supplierId ?? d.supplierId,
        supplierItemNumber: r.supplierItemNumber,
        chargeCode: r.chargeCode,
        hcpcsCode: r.hcpcsCode,
      }),
      compensation: invoke(
        Topics.SupplyConsumptionCommandsV1,
        ReverseImplantUsage,
        ReverseImplantUsageReply,
        (d: ImplantData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          usageId: d.usageId,
          encounterId: d.encounterId,
          reason: UNDO_REASON,
        }),
        byUsage,
      ),
      exception: {
        code: 'ITEM_NOT_FOUND',
        then: 'retry',
        task: {
          type: 'IMPLANT_ITEM_EXCEPTION',
          queue: 'supply-chain-exceptions',
          escalateAfterMs: hours(8),
          onComplete: merge,
        },
      },
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 2. procure-to-pay: bill-only purchase order at the contract price.
    commandStep('CreateBillOnlyPurchaseOrder', {
      invoke: invoke(
        Topics.ProcureToPayCommandsV1,
        CreateBillOnlyPurchaseOrder,
        CreateBillOnlyPurchaseOrderReply,
        (d: ImplantData) => ({
          usageId: d.usageId,
          encounterId: d.encounterId,
          supplierId: d.supplierId ?? '',
          itemId: d.itemId ?? '',
          supplierItemNumber: d.supplierItemNumber ?? null,
          udi: d.udi,
          quantity: d.quantity,
          unitOfMeasure: 'EA',
          usedAt: d.usedAt,
          costCenter: d.costCenter,
        }),
        byUsage,
      ),
      onReply: (d: ImplantData, r: CreateBillOnlyPurchaseOrderReply) => ({
        ...d,
        poNumber: r.poNumber ?? '',
        expectedAmount: r.totalAmount ?? '0.00',
        currency: r.currency ?? 'USD',
      }),
      compensation: invoke(
        Topics.ProcureToPayCommandsV1,
        CancelPurchaseOrder,
        CancelPurchaseOrderReply,
        (d: ImplantData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          poNumber: d.poNumber ?? '',
          reason: UNDO_REASON,
        }),
        byUsage,
      ),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 3. revenue-cycle: the patient charge from the chargemaster.
    commandStep('PostImplantCharge', {
      invoke: invoke(
        Topics.RevenueCycleCommandsV1,
        PostImplantCharge,
        PostImplantChargeReply,
        (d: ImplantData) => ({
          usageId: d.usageId,
          encounterId: d.encounterId,
          itemId: d.itemId ?? '',
          chargeCode: d.chargeCode ?? null,
          hcpcsCode: d.hcpcsCode ?? null,
          udi: d.udi,
          quantity: d.quantity,
          usedAt: d.usedAt,
        }),
        byUsage,
      ),
      onReply: (d: ImplantData, r: PostImplantChargeReply) => ({
        ...d,
        chargeId: r.chargeId ?? '',
      }),
      compensation: invoke(
        Topics.RevenueCycleCommandsV1,
        ReverseImplantCharge,
        ReverseImplantChargeReply,
        (d: ImplantData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          chargeId: d.chargeId ?? '',
          usageId: d.usageId,
          encounterId: d.encounterId,
          reason: UNDO_REASON,
        }),
        byUsage,
      ),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 4. procure-to-pay: waits for the supplier invoice; three-way match within tolerance; a
    //    mismatch waits in the AP exception queue, and its resolution continues the saga.
    commandStep('MatchSupplierInvoice', {
      invoke: invoke(
        Topics.ProcureToPayCommandsV1,
        MatchSupplierInvoice,
        MatchSupplierInvoiceReply,
        (d: ImplantData) => ({
          poNumber: d.poNumber ?? '',
          supplierId: d.supplierId ?? '',
          usageId: d.usageId,
          expectedQuantity: d.quantity,
          expectedAmount: d.expectedAmount ?? '0.00',
          currency: d.currency ?? 'USD',
        }),
        byUsage,
      ),
      onReply: (d: ImplantData, r: MatchSupplierInvoiceReply) => ({
        ...d,
        invoiceId: r.invoiceId ?? '',
      }),
      exception: {
        code: 'INVOICE_MATCH_EXCEPTION',
        then: 'continue',
        task: {
          type: 'AP_INVOICE_EXCEPTION',
          queue: 'accounts-payable',
          escalateAfterMs: hours(48),
          onComplete: merge,
        },
      },
      timeoutMs: INVOICE_WAIT,
    }),
    // 5. procure-to-pay: approve for payment and post the case-cost journal.
    commandStep('ApproveInvoiceAndPostCost', {
      invoke: invoke(
        Topics.ProcureToPayCommandsV1,
        ApproveInvoiceAndPostCost,
        ApproveInvoiceAndPostCostReply,
        (d: ImplantData) => ({
          invoiceId: d.invoiceId ?? '',
          poNumber: d.poNumber ?? '',
          supplierId: d.supplierId ?? '',
          usageId: d.usageId,
          encounterId: d.encounterId,
          amount: d.expectedAmount ?? '0.00',
          currency: d.currency ?? 'USD',
          costCenter: d.costCenter,
        }),
        byUsage,
      ),
      onReply: (d: ImplantData) => d,
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 6. supply-consumption: consignment restock request to the supplier.
    commandStep('RequestReplenishment', {
      invoke: invoke(
        Topics.SupplyConsumptionCommandsV1,
        RequestReplenishment,
        RequestReplenishmentReply,
        (d: ImplantData) => ({
          usageId: d.usageId,
          itemId: d.itemId ?? '',
          deviceIdentifier: d.udi.deviceIdentifier,
          supplierId: d.supplierId ?? '',
          quantity: d.quantity,
          unitOfMeasure: 'EA',
          stockLocationId: d.costCenter,
          poNumber: d.poNumber ?? '',
        }),
        byUsage,
      ),
      onReply: (d: ImplantData) => d,
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
  ],
});
