import { Module } from '@nestjs/common';
import { BedBoardController } from './bed-board.controller.js';
import { BedBoardService } from './bed-board.service.js';
import { BedBoard } from './bed-board.js';

/** Units, beds and census: the HTTP bed board, and `BedBoard` for the Kafka handlers. */
@Module({
  controllers: [BedBoardController],
  providers: [BedBoard, BedBoardService],
  exports: [BedBoard],
})
export class BedBoardModule {}
