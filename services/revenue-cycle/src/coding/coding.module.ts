import { Module } from '@nestjs/common';
import { CodingCommandsController } from './coding-commands.controller.js';
import { CodingQueueController } from './coding-queue.controller.js';
import { CodingService } from './coding.service.js';

/** Coding: CompleteCoding (rules or the coding queue) and the coders' `/coding-queue` API. */
@Module({
  controllers: [CodingCommandsController, CodingQueueController],
  providers: [CodingService],
  exports: [CodingService],
})
export class CodingModule {}
