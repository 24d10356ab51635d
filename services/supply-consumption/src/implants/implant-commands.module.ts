import { Module } from '@nestjs/common';
import { ReplenishmentModule } from '../replenishment/replenishment.module.js';
import { ImplantCommandsController } from './implant-commands.controller.js';
import { ImplantCommandsService } from './implant-commands.service.js';

/** The implant-to-invoice saga commands this service answers (supply-consumption.commands.v1). */
@Module({
  imports: [ReplenishmentModule],
  controllers: [ImplantCommandsController],
  providers: [ImplantCommandsService],
})
export class ImplantCommandsModule {}
