import { Module } from '@nestjs/common';
import { ChargemasterModule } from '../chargemaster/chargemaster.module.js';
import { CodingModule } from '../coding/coding.module.js';
import { ChargeCommandsController } from './charge-commands.controller.js';
import { ChargesController } from './charges.controller.js';
import { ChargesService } from './charges.service.js';
import { ImplantChargesService } from './implant-charges.service.js';
import { ImplantUsageEventsController } from './implant-usage-events.controller.js';

/**
 * Patient charges: FinalizeCharges / ReverseCharges, implant charges (and their NOT_IMPLANTED
 * reversal), and `GET /charges`.
 */
@Module({
  imports: [ChargemasterModule, CodingModule],
  controllers: [ChargeCommandsController, ChargesController, ImplantUsageEventsController],
  providers: [ChargesService, ImplantChargesService],
})
export class ChargesModule {}
