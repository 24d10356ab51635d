import { Module } from '@nestjs/common';
import { FacilitiesController } from './facilities.controller.js';
import { FacilitiesService } from './facilities.service.js';

/** Facilities as reference data: `PUT /facilities/{facilityId}`, `POST /facilities/import`. */
@Module({
  controllers: [FacilitiesController],
  providers: [FacilitiesService],
})
export class FacilitiesModule {}
