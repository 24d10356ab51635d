import { Module } from '@nestjs/common';
import { BedBoardModule } from '../bed-board/bed-board.module.js';
import { EncounterEventsController } from './encounter-events.controller.js';

/** The ADT consumer: admissions, transfers and cancellations move patients on the bed board. */
@Module({ imports: [BedBoardModule], controllers: [EncounterEventsController] })
export class AdtModule {}
