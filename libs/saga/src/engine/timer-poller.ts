import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { TimerRef } from '../state.js';

interface DueTimer {
  id: string;
  saga_id: string;
  kind: TimerRef['kind'];
  step_index: number;
  direction: TimerRef['direction'];
  attempt: number;
}

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
      const [due] = await manager.query<DueTimer[]>(
        `SELECT id, saga_id, kind, step_index, direction, attempt FROM saga_timer
         WHERE due_at <= now() ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!due) return false;
      await manager.query('DELETE FROM saga_timer WHERE id = $1', [due.id]);
      await this.deps.fire(manager, due.saga_id, {
        kind: due.kind,
        stepIndex: due.step_index,
        direction: due.direction,
        attempt: due.attempt,
      });
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
