import type { DataSource, Migration } from 'typeorm';

/**
 * The key of the session-level advisory lock migrations run under. Locks are per database and each
 * service owns its database, so one constant serves every service.
 */
export const MIGRATION_LOCK_KEY = 7_361_020_413;

/**
 * Runs the data source's pending migrations while holding a PostgreSQL advisory lock, so replicas
 * starting together and the Helm migration Job never apply one twice: whoever waits for the lock
 * finds nothing pending. Resolves with the migrations this call applied.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await dataSource.runMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Opens the data source and applies its pending migrations (under the lock). A failed migration
 * closes it again, so the caller can simply retry the whole step.
 */
export async function openDatabase(dataSource: DataSource): Promise<Migration[]> {
  await dataSource.initialize();
  if (dataSource.migrations.length === 0) return [];
  try {
    return await runMigrationsLocked(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
