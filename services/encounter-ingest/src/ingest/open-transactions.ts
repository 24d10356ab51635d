import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Transactions begun ahead, for group writes: each is a database connection of its own whose next
 * transaction is already open (a bare BEGIN takes no snapshot, no transaction id and no lock), so
 * a group costs no BEGIN round trip: its COMMIT and the next BEGIN go in one ('COMMIT; BEGIN'), the
 * COMMIT's answer (durable) coming before the BEGIN runs. As many connections as groups in flight
 * at once; one that failed is rolled back and returned to the pool (a broken one is dropped by
 * it). After `close`, a transaction is begun when needed and its connection returned after it.
 */
export class OpenTransactions {
  private readonly idle: QueryRunner[] = [];
  private closed = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction and commits it; rolls it back when `work` or the commit throws. */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.idle.pop() ?? (await this.begin());
    let result: T;
    try {
      result = await work(runner.manager);
      await runner.query(this.closed ? 'COMMIT' : 'COMMIT; BEGIN');
    } catch (error) {
      await this.discard(runner);
      throw error;
    }
    if (this.closed) await runner.release();
    else this.idle.push(runner);
    return result;
  }

  /** Ends the transactions begun ahead and returns their connections (before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((runner) => this.discard(runner)));
  }

  private async begin(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.query('BEGIN');
      return runner;
    } catch (error) {
      await runner.release();
      throw error;
    }
  }

  private async discard(runner: QueryRunner): Promise<void> {
    if (runner.isReleased) return; // its connection broke: the pool dropped it
    try {
      await runner.query('ROLLBACK');
    } catch {
      // The connection is unusable; the pool drops it once released.
    }
    await runner.release();
  }
}
