import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingTables1795300000000 } from '@meridian/messaging';
import { SAGA_ENTITIES, SAGA_MIGRATIONS } from '@meridian/saga';
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
          // The saga engine runs its own messaging (SagaEngineHost), on the kit's tables.
          database: {
            entities: [...MESSAGING_ENTITIES, ...SAGA_ENTITIES],
            migrations: [MessagingTables1795300000000, ...SAGA_MIGRATIONS],
          },
          errors: SAGA_ERROR_MAPPINGS,
        }),
        EngineModule.register(engine),
        ApiModule,
      ],
    };
  }
}
