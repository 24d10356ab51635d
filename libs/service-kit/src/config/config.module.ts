import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

/** Injection token of the service's validated config: `@Inject(SERVICE_CONFIG) config: AppConfig`. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

/** Makes the config (loaded once, at startup) injectable everywhere as `SERVICE_CONFIG`. */
@Module({})
export class ConfigModule {
  static register(config: object): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: SERVICE_CONFIG, useValue: config }],
      exports: [SERVICE_CONFIG],
    };
  }
}
