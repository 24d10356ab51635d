import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TelemetryModule } from '@meridian/telemetry';
import type { TelemetryHandle } from '@meridian/telemetry';
import type { AppConfig } from './config/app.config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';

export interface AppOptions {
  readonly config: AppConfig;
  readonly telemetry: TelemetryHandle;
}

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(options.config),
        TelemetryModule.forRoot(options.telemetry),
        DatabaseModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
