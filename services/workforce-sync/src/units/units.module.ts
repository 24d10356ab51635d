import { Module } from '@nestjs/common';
import { UnitImportController } from './unit-import.controller.js';
import { UnitImportService } from './unit-import.service.js';

/** Units, rooms and beds as reference data: `PUT /units/{unitId}`, `POST /units/import`. */
@Module({
  controllers: [UnitImportController],
  providers: [UnitImportService],
})
export class UnitsModule {}
