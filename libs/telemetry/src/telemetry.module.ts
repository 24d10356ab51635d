import { Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import type { TelemetryHandle } from './telemetry.sdk.js';

export const TELEMETRY = Symbol('TELEMETRY');

/** Hands the started telemetry to Nest so that application shutdown flushes pending spans. */
@Module({})
export class TelemetryModule implements OnApplicationShutdown {
  constructor(@Inject(TELEMETRY) private readonly telemetry: TelemetryHandle) {}

  static forRoot(telemetry: TelemetryHandle): DynamicModule {
    return {
      module: TelemetryModule,
      global: true,
      providers: [{ provide: TELEMETRY, useValue: telemetry }],
      exports: [TELEMETRY],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.telemetry.shutdown();
  }
}
