import { Module } from '@nestjs/common';
import { RecallsController } from './recalls.controller.js';
import { RecallsService } from './recalls.service.js';

/** Device recalls (reference data): `POST /recalls`, `POST /recalls/import`, `PUT /recalls/:recallNumber`, `GET /recalls`. */
@Module({
  controllers: [RecallsController],
  providers: [RecallsService],
  exports: [RecallsService],
})
export class RecallsModule {}
