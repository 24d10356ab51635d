import { Module } from '@nestjs/common';
import { PayersController } from './payers.controller.js';
import { PayersService } from './payers.service.js';

/** The payer master: `PUT /payers/:payerId`, `POST /payers/import`, and the claims' lookup. */
@Module({
  controllers: [PayersController],
  providers: [PayersService],
  exports: [PayersService],
})
export class PayersModule {}
