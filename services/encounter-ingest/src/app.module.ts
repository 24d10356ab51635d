import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { MESSAGING_ENTITIES, MessagingTables1795300000000 } from '@meridian/messaging';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.register({
          name: SERVICE,
          config: runtime.config,
          telemetry: runtime.telemetry,
          database: {
            entities: [...MESSAGING_ENTITIES],
            migrations: [MessagingTables1795300000000],
          },
          messaging: { logger: runtime.logger, produces: [], topics: [] },
        }),
      ],
    };
  }
}
