import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { TimerRef } from '../state.js';
import { deleteTimers, lockDueTimers } from '../store/saga-store.js';

export type FireTimer = (manager: EntityManager, sagaId: string, timer: TimerRef) => Promise<void>;

export interface TimerPollerOptions {
  readonly dataSource: DataSource;
  readonly logger: Logger;
  readonly fire: FireTimer;
  /** The wait after a round that found fewer due timers than `batchSize`. */
  readonly pollMs: number;
  /** Due timers taken and fired per transaction. */
  readonly batchSize: number;
  /** After a round that fired some: what they sent is in the outbox (the relay is nudged). */
  readonly onFired: () => void;
}

/** What one round did: the due timers it took, and how many of them fired. */
export interface TimerRound {
  readonly taken: number;
  readonly fired: number;
}

/**
 * Fires due timers from the saga_timer table, up to `batchSize` per transaction: the rows are
 * locked (SKIP LOCKED, so replicas share the work), each timer fires in its own savepoint (one that
 * fails is rolled back alone and stays due, to be tried again), and the fired rows are deleted in
 * one statement before the commit. After a restart, timers that fell due meanwhile fire at once.
 */
export class TimerPoller {
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: TimerPollerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** One round: takes up to `batchSize` due timers and fires them in one transaction. */
  async fireDue(): Promise<TimerRound> {
    const { dataSource, batchSize, logger } = this.options;
    const round = await dataSource.transaction(async (manager) => {
      const due = await lockDueTimers(manager, batchSize);
      const fired: string[] = [];
      for (const { id, sagaId, timer } of due) {
        try {
          // A transaction inside the transaction: a savepoint.
          await manager.transaction((savepoint) => this.options.fire(savepoint, sagaId, timer));
          fired.push(id);
        } catch (error) {
          logger.warn(
            { err: error, sagaId, timer: timer.kind },
            'firing a saga timer failed; it stays due and is tried again',
          );
        }
      }
      await deleteTimers(manager, fired);
      return { taken: due.length, fired: fired.length };
    });
    if (round.fired > 0) this.options.onFired();
    return round;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const { taken, fired } = await this.fireDue();
        // A full batch that moved: more may be due. One that only failed waits like an idle one.
        if (taken === this.options.batchSize && fired > 0) continue;
      } catch (error) {
        this.options.logger.warn(
          { err: error },
          'taking due saga timers failed; they stay due and are tried again',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs));
    }
  }
}
