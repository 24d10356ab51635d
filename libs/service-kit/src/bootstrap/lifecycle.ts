// How a service process ends: within a bounded time of SIGTERM, and on its own when the process
// that started it is gone, so neither a hung close nor a dead parent leaves it running.
import type { Logger } from '@meridian/telemetry';

/** How often a service looks whether the process that started it is still there. */
const PARENT_CHECK_MS = 1_000;

/**
 * After SIGTERM or SIGINT the app closes (Nest's shutdown hooks: consumers, relay, database);
 * should a close hang (a consumer in a rebalance, a broker gone), the process exits with code 1
 * `timeoutMs` after the signal, with one line naming the deadline. The timer never keeps the
 * process alive on its own.
 */
export function boundShutdown(logger: Logger, timeoutMs: number): void {
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
 * Stops the service (SIGTERM to itself: the graceful path) when the process that started it
 * exits, which re-parents it: `npm start` or a test runner killed with -9 leaves no service behind.
 * A process started by PID 1 (a container's init) is left alone: its parent outlives it.
 */
export function stopWithParent(logger: Logger): void {
  const parent = process.ppid;
  if (parent <= 1) return;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    logger.warn({ parent }, 'the process that started this service is gone; stopping');
    process.kill(process.pid, 'SIGTERM');
  }, PARENT_CHECK_MS).unref();
}
