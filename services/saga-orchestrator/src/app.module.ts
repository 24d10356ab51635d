import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ENGINE_CONSUMER_RETRY, SAGA_ENTITIES, SAGA_MIGRATIONS, SagaEngine } from '@meridian/saga';
import { ServiceKitModule } from '@meridian/service-kit';
import type { TelemetryHandle } from '@meridian/telemetry';
import { ApiModule } from './api/api.module.js';
import { SAGA_ERROR_MAPPINGS } from './api/saga-errors.js';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';
import { EngineModule } from './engine/engine.module.js';
import type { EngineOptions } from './engine/engine.options.js';

export interface AppOptions extends EngineOptions {
  readonly config: AppConfig;
  readonly telemetry: TelemetryHandle;
}

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    const { config, telemetry, ...engine } = options;
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.register({
          name: SERVICE,
          config,
          telemetry,
          database: { entities: SAGA_ENTITIES, migrations: SAGA_MIGRATIONS },
          // The engine joins the kit's messaging (SagaEngineHost): what it sends and reads.
          messaging: {
            produces: SagaEngine.productions(engine.definitions),
            consumedTopics: SagaEngine.topics(engine.definitions),
            retry: ENGINE_CONSUMER_RETRY,
            logger: engine.logger,
            ...(engine.group ? { group: engine.group } : {}),
          },
          errors: SAGA_ERROR_MAPPINGS,
        }),
        EngineModule.register(engine),
        ApiModule,
      ],
    };
  }
}
