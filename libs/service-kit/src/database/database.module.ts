import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MigrationInterface } from 'typeorm';
import { DatabaseConnector } from './database-connector.service.js';

const CONNECT_TIMEOUT_MS = 2_000;

export type EntityClass = abstract new (...args: never[]) => object;
export type MigrationClass = new () => MigrationInterface;

export interface DatabaseOptions {
  /** `postgres://` URL of the service's own database. */
  readonly url: string;
  /** Shown in `pg_stat_activity.application_name`: the service name. */
  readonly applicationName: string;
  /** Entity classes, e.g. `[...MESSAGING_ENTITIES, ...SAGA_ENTITIES]`. */
  readonly entities?: readonly EntityClass[];
  /** Migration classes; the pending ones run each time the connection opens. */
  readonly migrations?: readonly MigrationClass[];
}

/**
 * The service's PostgreSQL connection (TypeORM's default `DataSource`, injectable as such). It is
 * opened by `DatabaseConnector`, not at module init, so the process boots while the database is
 * down and readiness reports it; pending migrations run when it opens, under an advisory lock
 * (`openDatabase`).
 */
@Module({})
export class DatabaseModule {
  static register(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          applicationName: options.applicationName,
          connectTimeoutMS: CONNECT_TIMEOUT_MS,
          entities: [...(options.entities ?? [])],
          migrations: [...(options.migrations ?? [])],
          // DatabaseConnector runs them itself, under a lock that replicas share.
          migrationsRun: false,
          synchronize: false,
          manualInitialization: true,
        }),
      ],
      providers: [DatabaseConnector],
      exports: [DatabaseConnector],
    };
  }
}
