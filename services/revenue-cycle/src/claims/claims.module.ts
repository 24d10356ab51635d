import { Module } from '@nestjs/common';
import { PayersModule } from '../payers/payers.module.js';
import { ClaimCommandsController } from './claim-commands.controller.js';
import { ClaimsController } from './claims.controller.js';
import { ClaimsService } from './claims.service.js';

/** Claims: SubmitClaim / VoidClaim (billed to payers of the payer master), and `GET /claims`. */
@Module({
  imports: [PayersModule],
  controllers: [ClaimCommandsController, ClaimsController],
  providers: [ClaimsService],
})
export class ClaimsModule {}
