/**
 * The health of one Kafka consumer as a pure state machine over kafkajs' instrumentation events
 * (GROUP_JOIN, REBALANCING, CRASH, STOP, DISCONNECT) and the supervisor's own restarts.
 * `transition` returns the next state and what the supervisor does about it; `assess` says
 * whether the consumer counts as ready at a given moment. No I/O, no clock: times come in.
 */
import { scrubMessage } from '@meridian/telemetry';

/**
 * `joining`: started, not in its group yet. `rebalancing`: left its assignment to rejoin.
 * `crashed`: kafkajs gave up on it (it restarts itself or the supervisor restarts it).
 * `stopped`: stopped or disconnected without the runtime asking for it.
 */
export type ConsumerPhase = 'joining' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';

/** What made a consumer fail: an error's class and message (broker and client text, no payload). */
export interface ConsumerFault {
  readonly name: string;
  readonly message: string;
}

export interface ConsumerHealthState {
  /** The consumer group id (`<group>` or `<group>.retry`). */
  readonly group: string;
  readonly phase: ConsumerPhase;
  /** When the consumer stopped being in its group (or joined it, when `joined`), epoch ms. */
  readonly since: number;
  /** When it last came (back) into its group after starting or failing; rebalances keep it. */
  readonly upSince?: number;
  /** Restarts by the supervisor since the consumer was last stable: the backoff exponent. */
  readonly attempts: number;
  /** Every restart by the supervisor. */
  readonly restarts: number;
  readonly fault?: ConsumerFault;
}

export type ConsumerEvent =
  | { readonly type: 'joined'; readonly at: number }
  | { readonly type: 'rebalancing'; readonly at: number }
  /** kafkajs' CRASH: `restart` says whether kafkajs restarts the consumer itself. */
  | {
      readonly type: 'crashed';
      readonly at: number;
      readonly restart: boolean;
      readonly fault: ConsumerFault;
    }
  /** STOP or DISCONNECT the runtime did not ask for. */
  | { readonly type: 'stopped'; readonly at: number }
  /** The supervisor starts a fresh consumer. */
  | { readonly type: 'restarting'; readonly at: number }
  /** A fresh consumer could not even connect or subscribe (no kafkajs event follows). */
  | { readonly type: 'restart-failed'; readonly at: number; readonly fault: ConsumerFault };

/** What the supervisor does after a transition. */
export type SupervisorAction =
  | { readonly kind: 'none' }
  /** Restart the consumer itself after `delayMs` (unless a restart is already scheduled). */
  | { readonly kind: 'restart'; readonly delayMs: number }
  /** kafkajs restarts this consumer itself: drop a restart the supervisor scheduled. */
  | { readonly kind: 'leave-to-kafkajs' };

/**
 * Backoff of the supervisor's restarts: `initialDelayMs`, doubled per consecutive restart, capped
 * at `maxDelayMs`. A consumer that stayed in its group for `maxDelayMs` counts as stable again:
 * its next failure starts over at `initialDelayMs`.
 */
export interface RestartPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** How long a consumer may be out of its group (starting, rebalancing) and still count as ready. */
export const DEFAULT_JOIN_GRACE_MS = 30_000;

export function initialHealth(group: string, at: number): ConsumerHealthState {
  return { group, phase: 'joining', since: at, attempts: 0, restarts: 0 };
}

const isDown = (phase: ConsumerPhase): boolean => phase === 'crashed' || phase === 'stopped';

/** The delay before the supervisor's next restart, after `attempts` restarts since stable. */
export function restartDelay(policy: RestartPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** attempts);
}

export function transition(
  state: ConsumerHealthState,
  event: ConsumerEvent,
  policy: RestartPolicy,
): { state: ConsumerHealthState; action: SupervisorAction } {
  const none = { kind: 'none' } as const;
  switch (event.type) {
    case 'joined': {
      const cameUp = state.phase !== 'joined' && state.phase !== 'rebalancing';
      return {
        state: {
          group: state.group,
          phase: 'joined',
          since: event.at,
          upSince: cameUp ? event.at : (state.upSince ?? event.at),
          attempts: state.attempts,
          restarts: state.restarts,
        },
        action: none,
      };
    }
    case 'rebalancing':
      return state.phase === 'joined'
        ? { state: { ...state, phase: 'rebalancing', since: event.at }, action: none }
        : { state, action: none };
    case 'crashed': {
      const down = goDown(state, event.at, policy);
      const next = { ...down, phase: 'crashed' as const, fault: event.fault };
      return {
        state: next,
        action: event.restart
          ? { kind: 'leave-to-kafkajs' }
          : { kind: 'restart', delayMs: restartDelay(policy, next.attempts) },
      };
    }
    case 'stopped': {
      const down = goDown(state, event.at, policy);
      // STOP and DISCONNECT also precede a CRASH, which keeps its phase and fault.
      const next = down.phase === 'crashed' ? down : { ...down, phase: 'stopped' as const };
      return {
        state: next,
        action: { kind: 'restart', delayMs: restartDelay(policy, next.attempts) },
      };
    }
    case 'restarting':
      return {
        state: { ...state, attempts: state.attempts + 1, restarts: state.restarts + 1 },
        action: none,
      };
    case 'restart-failed': {
      const next = {
        ...goDown(state, event.at, policy),
        phase: 'crashed' as const,
        fault: event.fault,
      };
      return {
        state: next,
        action: { kind: 'restart', delayMs: restartDelay(policy, next.attempts) },
      };
    }
  }
}

/**
 * A consumer leaving its group for a failure: `since` marks when it went down (kept while it stays
 * down) and the backoff starts over when it had been up for at least `maxDelayMs`.
 */
function goDown(
  state: ConsumerHealthState,
  at: number,
  policy: RestartPolicy,
): ConsumerHealthState {
  if (isDown(state.phase)) return state;
  const stable = state.upSince !== undefined && at - state.upSince >= policy.maxDelayMs;
  return { ...state, since: at, attempts: stable ? 0 : state.attempts };
}

/** One consumer's readiness, as `/health/ready` reports it. */
export interface ConsumerHealth {
  readonly group: string;
  readonly phase: ConsumerPhase;
  readonly ready: boolean;
  /** ISO time the consumer entered its current phase (went down, for a crash). */
  readonly since: string;
  readonly restarts: number;
  /** Why it is not ready. */
  readonly reason?: string;
}

/**
 * Ready when in its group, or out of it (starting, rebalancing) for at most `joinGraceMs`; a
 * crashed or unexpectedly stopped consumer is not ready until it has joined its group again.
 */
export function assess(
  state: ConsumerHealthState,
  now: number,
  joinGraceMs: number,
): ConsumerHealth {
  const base = {
    group: state.group,
    phase: state.phase,
    since: new Date(state.since).toISOString(),
    restarts: state.restarts,
  };
  const elapsed = `${Math.round(Math.max(0, now - state.since) / 1_000)} s`;
  switch (state.phase) {
    case 'joined':
      return { ...base, ready: true };
    case 'joining':
    case 'rebalancing':
      return now - state.since <= joinGraceMs
        ? { ...base, ready: true }
        : {
            ...base,
            ready: false,
            reason: `${state.phase} for ${elapsed}, longer than ${Math.round(joinGraceMs / 1_000)} s`,
          };
    case 'crashed': {
      const fault = state.fault ? `: ${state.fault.name}: ${state.fault.message}` : '';
      return { ...base, ready: false, reason: `crashed ${elapsed} ago${fault}` };
    }
    case 'stopped':
      return { ...base, ready: false, reason: `stopped unexpectedly ${elapsed} ago` };
  }
}

/**
 * The fault of an error from kafkajs (or of a thrown non-error), its message scrubbed of quoted
 * values (`scrubMessage`): it is shown by the readiness probe and logged.
 */
export function faultOf(error: unknown): ConsumerFault {
  return error instanceof Error
    ? { name: error.name, message: scrubMessage(error.message) }
    : { name: 'Error', message: scrubMessage(String(error)) };
}
