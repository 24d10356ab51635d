import { Module } from '@nestjs/common';
import { ConsignmentStockController } from './consignment-stock.controller.js';
import { ConsignmentStockService } from './consignment-stock.service.js';

/** Supplier-owned consignment stock: its import API (`/consignment-stock`). */
@Module({
  controllers: [ConsignmentStockController],
  providers: [ConsignmentStockService],
})
export class ConsignmentStockModule {}
