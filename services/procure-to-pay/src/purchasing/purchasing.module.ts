import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { InvoiceApprovalService } from '../payables/approval/invoice-approval.service.js';
import { ApException } from '../payables/exceptions/ap-exception.entity.js';
import { ApExceptionRejectionService } from '../payables/exceptions/ap-exception-rejection.service.js';
import { ApExceptionsController } from '../payables/exceptions/ap-exceptions.controller.js';
import { ApExceptionsStore } from '../payables/exceptions/ap-exceptions.store.js';
import { SupplierInvoicesController } from '../payables/invoices/supplier-invoices.controller.js';
import { SupplierInvoicesService } from '../payables/invoices/supplier-invoices.service.js';
import { InvoiceMatchService } from '../payables/match/invoice-match.service.js';
import {
  SupplierInvoice,
  SupplierInvoiceLine,
} from '../payables/invoices/supplier-invoice.entities.js';
import { ContractPrice, Supplier } from '../suppliers/supplier.entities.js';
import { SuppliersController } from '../suppliers/suppliers.controller.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { ImplantToInvoiceTables1795700000000 } from './migrations/implant-to-invoice-tables.migration.js';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entities.js';
import { PurchaseOrdersController } from './purchase-orders.controller.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';
import { PurchasingCommandsController } from './purchasing-commands.controller.js';

/** The tables of purchasing and accounts payable, for the service kit's database options. */
export const PURCHASING_ENTITIES = [
  Supplier,
  ContractPrice,
  PurchaseOrder,
  PurchaseOrderLine,
  SupplierInvoice,
  SupplierInvoiceLine,
  ApException,
];
export const PURCHASING_MIGRATIONS = [ImplantToInvoiceTables1795700000000];

/**
 * implant-to-invoice's procure-to-pay: the supplier master and contract prices (import API),
 * bill-only purchase orders, supplier invoices and credit memos, the three-way match with its AP
 * exception queue, and the approval that posts the case cost to the ledger.
 */
@Module({
  imports: [LedgerModule],
  controllers: [
    PurchasingCommandsController,
    SuppliersController,
    PurchaseOrdersController,
    SupplierInvoicesController,
    ApExceptionsController,
  ],
  providers: [
    SuppliersService,
    PurchaseOrdersService,
    ApExceptionsStore,
    ApExceptionRejectionService,
    InvoiceMatchService,
    SupplierInvoicesService,
    InvoiceApprovalService,
  ],
})
export class PurchasingModule {}
