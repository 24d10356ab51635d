import { Module } from '@nestjs/common';
import { BedBoardModule } from '../bed-board/bed-board.module.js';
import { BedCommandsController } from './bed-commands.controller.js';

/** The participant side of discharge-to-revenue: ReleaseBed and RestoreBed. */
@Module({ imports: [BedBoardModule], controllers: [BedCommandsController] })
export class BedCommandsModule {}
