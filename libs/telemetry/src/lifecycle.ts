// How a Meridian process ends: within a bounded time of SIGTERM, and on its own when the process
// that started it is gone, so neither a hung close nor a dead parent leaves it running. Services
// (service-kit's bootstrap), and `npm start`'s own process (loaded after its build) use it.
import type { Logger } from './logger.factory.js';

/** The part of a logger these functions write with (pino's, or any of the same shape). */
type LifecycleLogger = Pick<Logger, 'warn' | 'error'>;

/** How often a service looks whether the process that started it is still there. */
const PARENT_CHECK_MS = 1_000;

/**
 * After SIGTERM or SIGINT the app closes (Nest's shutdown hooks: consumers, relay, database);
 * should a close hang (a consumer in a rebalance, a broker gone), the process exits with code 1
 * `timeoutMs` after the signal, with one line naming the deadline. The timer never keeps the
 * process alive on its own.
 */
export function boundShutdown(logger: LifecycleLogger, timeoutMs: number): void {
  const arm = (signal: NodeJS.Signals): void => {
    setTimeout(() => {
      logger.error({ signal, timeoutMs }, `shutdown took over ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

/**
 * Stops the process (SIGTERM to itself: the graceful path) when the process that started it
 * exits, which re-parents it: `npm start` or a test runner killed with -9 leaves no service behind,
 * and `npm start` whose npm is gone stops its services.
 * A process started by PID 1 (a container's init) is left alone: its parent outlives it.
 */
export function stopWithParent(logger: Pick<LifecycleLogger, 'warn'>): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    logger.warn({ parent }, 'the process that started this service is gone; stopping');
    process.kill(process.pid, 'SIGTERM');
  }, PARENT_CHECK_MS).unref();
}
