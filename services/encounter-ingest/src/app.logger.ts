import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { Logger } from '@meridian/telemetry';

/** Injection token of the service's pino logger (`runtime.logger`): `@Inject(APP_LOGGER)`. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Makes the logger `bootstrapService` created injectable everywhere. */
@Module({})
export class AppLoggerModule {
  static register(logger: Logger): DynamicModule {
    return {
      module: AppLoggerModule,
      global: true,
      providers: [{ provide: APP_LOGGER, useValue: logger }],
      exports: [APP_LOGGER],
    };
  }
}
