import { Module } from '@nestjs/common';
import { ChargemasterController } from './chargemaster.controller.js';
import { ChargemasterService } from './chargemaster.service.js';

/** The chargemaster (CDM): `GET /chargemaster`, and the lookups pricing uses. */
@Module({
  controllers: [ChargemasterController],
  providers: [ChargemasterService],
  exports: [ChargemasterService],
})
export class ChargemasterModule {}
