import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { TimerRef } from '../state.js';
import { takeDueTimer } from '../store/saga-store.js';

export type FireTimer = (
  manager: import('typeorm').EntityManager,
  sagaId: string,
  timer: TimerRef,
) => Promise<void>;

/**
 * Fires due timers from the saga_timer table, one per transaction: the row is locked (SKIP LOCKED,
 * so replicas share the work), the saga advanced and the row deleted together. After a restart,
 * timers that fell due meanwhile fire at once.
 */
export class TimerPoller {
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deps: {
      dataSource: DataSource;
      logger: Logger;
      fire: FireTimer;
      pollMs: number;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Fires at most one due timer; true when it did. */
  async fireOne(): Promise<boolean> {
    return this.deps.dataSource.transaction(async (manager) => {
      const due = await takeDueTimer(manager);
      if (!due) return false;
      await this.deps.fire(manager, due.sagaId, due.timer);
      return true;
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (await this.fireOne()) continue;
      } catch (error) {
        this.deps.logger.warn(
          { err: error },
          'firing a saga timer failed; it stays due and is tried again',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.deps.pollMs));
    }
  }
}
