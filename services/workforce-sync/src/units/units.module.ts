import { Module } from '@nestjs/common';
import { OutboxTransaction } from '../http/outbox-transaction.js';
import { UnitImportController } from './unit-import.controller.js';
import { UnitImportService } from './unit-import.service.js';

/** Units, rooms and beds as reference data: `PUT /units/{unitId}`, `POST /units/import`. */
@Module({
  controllers: [UnitImportController],
  providers: [UnitImportService, OutboxTransaction],
})
export class UnitsModule {}
