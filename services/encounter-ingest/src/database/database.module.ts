import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { TypeOrmModuleOptions } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/app.config.js';
import type { AppConfig } from '../config/app.config.js';
import { DatabaseConnector } from './database-connector.service.js';

const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The service's PostgreSQL connection. It is opened by `DatabaseConnector`, not at module init,
 * so the process boots while the database is down and readiness reports it.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): TypeOrmModuleOptions => ({
        type: 'postgres',
        url: config.databaseUrl,
        applicationName: 'encounter-ingest',
        connectTimeoutMS: CONNECT_TIMEOUT_MS,
        entities: [],
        migrationsRun: false,
        synchronize: false,
        manualInitialization: true,
      }),
    }),
  ],
  providers: [DatabaseConnector],
})
export class DatabaseModule {}
