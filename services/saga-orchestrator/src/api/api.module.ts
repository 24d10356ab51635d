import { Module } from '@nestjs/common';
import { HumanTasksController } from './human-tasks.controller.js';
import { HumanTasksService } from './human-tasks.service.js';
import { SagaInstancesService } from './saga-instances.service.js';
import { SagasController } from './sagas.controller.js';

/** The operators' HTTP API: `/sagas` and `/human-tasks` (needs `EngineModule`). */
@Module({
  controllers: [SagasController, HumanTasksController],
  providers: [SagaInstancesService, HumanTasksService],
})
export class ApiModule {}
