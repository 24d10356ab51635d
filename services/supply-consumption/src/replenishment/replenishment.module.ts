import { Module } from '@nestjs/common';
import { ReplenishmentController } from './replenishment.controller.js';
import { ReplenishmentService } from './replenishment.service.js';

/** Consignment restocks: asked by implant-to-invoice, listed and received over `/replenishments`. */
@Module({
  controllers: [ReplenishmentController],
  providers: [ReplenishmentService],
  exports: [ReplenishmentService],
})
export class ReplenishmentModule {}
