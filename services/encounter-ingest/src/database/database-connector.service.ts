import { Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

const RETRY_DELAY_MS = 5_000;

/**
 * Opens the data source at boot and, while the database is unreachable, again every
 * `RETRY_DELAY_MS` in the background. Boot waits for the first attempt only, so a reachable
 * database is connected before the first request and an unreachable one never stops the process.
 */
@Injectable()
export class DatabaseConnector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DatabaseConnector.name);
  private attempt: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): Promise<void> {
    return this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.attempt;
  }

  private connect(): Promise<void> {
    this.attempt = this.dataSource.initialize().then(
      () => this.logger.log('database connected'),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`database unreachable, retrying in ${RETRY_DELAY_MS} ms: ${reason}`);
        if (!this.stopped)
          this.retry = setTimeout(() => void this.connect(), RETRY_DELAY_MS).unref();
      },
    );
    return this.attempt;
  }
}
