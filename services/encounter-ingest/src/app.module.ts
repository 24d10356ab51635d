import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@meridian/service-kit';
import type { TelemetryHandle } from '@meridian/telemetry';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';

export interface AppOptions {
  readonly config: AppConfig;
  readonly telemetry: TelemetryHandle;
}

@Module({})
export class AppModule {
  static register(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceKitModule.register({ name: SERVICE, ...options })],
    };
  }
}
