import type { EntityManager } from 'typeorm';

/** The bed board's transaction-level advisory lock (a key of this service's own database). */
const BOARD_LOCK_KEY = 4_201_001;

/**
 * Holds the bed board until the caller's transaction ends; taken before any unit is locked. A
 * consumer's transaction spans a batch of messages, each locking the units it changes, so two
 * batches changing the same units in a different order would deadlock (PostgreSQL finds it only
 * after `deadlock_timeout`, 1 s by default, and aborts one): with the board taken first, one
 * transaction at a time changes units, beds and placements, in every replica. Re-entrant within
 * a transaction.
 */
export async function lockBoard(manager: EntityManager): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1)', [BOARD_LOCK_KEY]);
}
