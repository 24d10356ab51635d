import { Module } from '@nestjs/common';
import { ClaimCommandsController } from './claim-commands.controller.js';
import { ClaimsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';

/** Claims: SubmitClaim / VoidClaim, and `GET /claims`. */
@Module({
  controllers: [ClaimCommandsController, ClaimsController],
  providers: [ClaimsService],
})
export class ClaimsModule {}
