import { Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openDatabase } from './open-database.js';

const RETRY_DELAY_MS = 5_000;

/**
 * Opens the data source (running pending migrations, `openDatabase`) at module init and, while the database is
 * unreachable, again every `RETRY_DELAY_MS` in the background. Boot waits for the first attempt
 * only, so a reachable database is connected before the first request and an unreachable one
 * never stops the process. Components that cannot work without the database wait on
 * `connected()`.
 */
@Injectable()
export class DatabaseConnector implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(DatabaseConnector.name);
  private attempt: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly ready: Promise<void>;
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(private readonly dataSource: DataSource) {
    this.ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // A shutdown before the first connection rejects `ready`; nobody need be waiting for it.
    this.ready.catch(() => undefined);
  }

  /** Resolves once the database was first opened; rejects when the app shuts down before. */
  connected(): Promise<void> {
    return this.ready;
  }

  /** Module init, so the connection is settled before any `onApplicationBootstrap` runs. */
  onModuleInit(): Promise<void> {
    return this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.settle.reject(new Error('the application shut down before the database was reachable'));
    await this.attempt;
  }

  private connect(): Promise<void> {
    this.attempt = openDatabase(this.dataSource).then(
      () => {
        this.logger.log('database connected');
        this.settle.resolve();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`database not opened, retrying in ${RETRY_DELAY_MS} ms: ${reason}`);
        if (!this.stopped)
          this.retry = setTimeout(() => void this.connect(), RETRY_DELAY_MS).unref();
      },
    );
    return this.attempt;
  }
}
