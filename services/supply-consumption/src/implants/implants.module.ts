import { Module } from '@nestjs/common';
import { ImplantsController } from './implants.controller.js';
import { ImplantsService } from './implants.service.js';

/** Implant capture: `POST /implants`, `GET /implants`, `POST /implants/:usageId/reverse`. */
@Module({
  controllers: [ImplantsController],
  providers: [ImplantsService],
  exports: [ImplantsService],
})
export class ImplantsModule {}
