import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ENGINE_OPTIONS } from './engine.options.js';
import type { EngineOptions } from './engine.options.js';
import { SagaEngineHost } from './saga-engine.host.js';

/** The saga engine, started at bootstrap and stopped at shutdown (`SagaEngineHost`). */
@Module({})
export class EngineModule {
  static register(options: EngineOptions): DynamicModule {
    return {
      module: EngineModule,
      global: true,
      providers: [{ provide: ENGINE_OPTIONS, useValue: options }, SagaEngineHost],
      exports: [SagaEngineHost],
    };
  }
}
