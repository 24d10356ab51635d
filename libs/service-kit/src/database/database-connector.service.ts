import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { retryAtStart } from '@meridian/messaging';
import type { StartLogger } from '@meridian/messaging';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/config.module.js';
import type { ServiceConfig } from '../config/service-config.js';
import { openDatabase } from './open-database.js';

/**
 * Opens the data source (running pending migrations, `openDatabase`) at module init. A retriable
 * failure (PostgreSQL not listening yet, 57P03 "the database system is starting up", too many
 * connections, a connect timeout) is tried again with backoff for START_RETRY_TIMEOUT_MS
 * (`retryAtStart`, step `database`), each retry one warn line; a non-retriable one (wrong
 * credentials, a missing database, a failing migration) or one lasting that long ends the
 * trying. Boot waits for the first attempt only, so a reachable database is connected before the
 * first request while an unreachable one leaves health and metrics served (readiness reports
 * it). Components that cannot work without the database wait on `connected()`, which rejects
 * with that error: the messaging host's start does, so the start fails with it.
 */
@Injectable()
export class DatabaseConnector implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(DatabaseConnector.name);
  private readonly stopping = new AbortController();
  private opening: Promise<void> = Promise.resolve();
  private readonly ready: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: Pick<ServiceConfig, 'startRetryTimeoutMs'>,
  ) {
    this.ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // A failure nobody waits for is still reported: by the warn lines and by readiness.
    this.ready.catch(() => undefined);
  }

  /** Resolves once the database was opened; rejects when opening failed for good or shutdown came first. */
  connected(): Promise<void> {
    return this.ready;
  }

  /** Module init, so the connection is settled before any `onApplicationBootstrap` runs. */
  async onModuleInit(): Promise<void> {
    let firstAttemptDone!: () => void;
    const firstAttempt = new Promise<void>((resolve) => (firstAttemptDone = resolve));
    // Nest's Logger goes to the service's pino logger (PinoNestLogger): the fields stay fields.
    const logger: StartLogger = { warn: (fields, msg) => this.logger.warn({ ...fields, msg }) };
    this.opening = retryAtStart(
      async () => {
        try {
          await openDatabase(this.dataSource);
        } finally {
          firstAttemptDone();
        }
      },
      {
        step: 'database',
        logger,
        signal: this.stopping.signal,
        timeoutMs: this.config.startRetryTimeoutMs,
      },
    ).then(
      () => {
        this.logger.log('database connected');
        this.settle.resolve();
      },
      (error: unknown) => this.settle.reject(error),
    );
    await firstAttempt;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.settle.reject(new Error('the application shut down before the database was opened'));
    await this.opening;
  }
}
