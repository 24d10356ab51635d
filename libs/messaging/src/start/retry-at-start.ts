import { setTimeout as sleep } from 'node:timers/promises';
import { MessagingError } from '../errors.js';
import { classifyStartFailure } from './start-failure.js';

/**
 * How long a start-up step keeps trying on retriable errors, from its first attempt: 2 min, enough
 * for a freshly started broker, registry or database to settle. A step still failing then fails
 * the start.
 */
export const START_RETRY_TIMEOUT_MS = 120_000;

/** Backoff between attempts: `initialDelayMs`, doubled per attempt, capped at `maxDelayMs`. */
export interface StartBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_START_BACKOFF: StartBackoff = { initialDelayMs: 250, maxDelayMs: 5_000 };

/** What a start step logs through: pino's `warn(fields, message)`. */
export interface StartLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** How a component's start-up steps retry (what a caller tunes). */
export interface StartRetry {
  /** Longest one step keeps trying, from its first attempt; default START_RETRY_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  readonly backoff?: StartBackoff;
  /** Aborted (the process stops): no further attempt; the last error is thrown. */
  readonly signal?: AbortSignal;
}

export interface StartRetryOptions extends StartRetry {
  /** Names the step in log lines and in the error when it gives up: `producer connect`. */
  readonly step: string;
  readonly logger: StartLogger;
  readonly now?: () => number;
  /** For tests: how the wait between attempts is spent. */
  readonly wait?: (delayMs: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** The delay after attempt `attempt` (1-based) failed. */
export function startRetryDelay(backoff: StartBackoff, attempt: number): number {
  return Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** (attempt - 1));
}

/** A start step that kept failing with retriable errors for its whole time; `cause` is the last. */
export class StartTimedOutError extends MessagingError {
  constructor(step: string, attempts: number, elapsedMs: number, cause: unknown) {
    const { type, code } = classifyStartFailure(cause);
    super(
      'START_TIMED_OUT',
      `${step} still failing after ${attempts} attempt${attempts === 1 ? '' : 's'} in ` +
        `${Math.round(elapsedMs / 1_000)} s ` +
        `(last error ${type}${code === undefined ? '' : ` ${code}`})`,
      { retriable: false, cause },
    );
  }
}

const waitFor = async (delayMs: number, signal: AbortSignal | undefined): Promise<void> => {
  await sleep(delayMs, undefined, signal ? { signal } : {});
};

/**
 * Runs one start-up step until it succeeds. A retriable failure (`classifyStartFailure`: a peer
 * still starting or unreachable) is logged once per retry as a warn line naming the step, the
 * error's class and code and the delay, then the step runs again after an exponential backoff,
 * until `timeoutMs` has passed since the first attempt (then `StartTimedOutError`, the last error
 * as its cause). A non-retriable failure (a schema missing from the registry, wrong credentials,
 * a failing migration) is thrown at once, as it came.
 */
export async function retryAtStart<T>(
  run: (attempt: number) => Promise<T>,
  options: StartRetryOptions,
): Promise<T> {
  const { step, logger, signal } = options;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? START_RETRY_TIMEOUT_MS;
  const backoff = options.backoff ?? DEFAULT_START_BACKOFF;
  const wait = options.wait ?? waitFor;
  const started = now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run(attempt);
    } catch (error) {
      const failure = classifyStartFailure(error);
      if (!failure.retriable || signal?.aborted) throw error;
      const elapsedMs = now() - started;
      const remainingMs = timeoutMs - elapsedMs;
      if (remainingMs <= 0) throw new StartTimedOutError(step, attempt, elapsedMs, error);
      const delayMs = Math.min(startRetryDelay(backoff, attempt), remainingMs);
      logger.warn(
        {
          step,
          attempt,
          delayMs,
          errorType: failure.type,
          ...(failure.code === undefined ? {} : { errorCode: failure.code }),
        },
        `${step} failed with a retriable error; trying again`,
      );
      try {
        await wait(delayMs, signal);
      } catch {
        throw error; // aborted while waiting: the process is stopping
      }
    }
  }
}
