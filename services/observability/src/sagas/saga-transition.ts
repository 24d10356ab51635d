import type { SagaStatus, SagaTransitioned } from '@meridian/contracts';

/** Statuses a saga never leaves. */
export const TERMINAL_STATUSES = [
  'COMPLETED',
  'COMPENSATED',
  'FAILED',
] as const satisfies readonly SagaStatus[];

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** The read model's row of a saga before a transition is applied. */
export interface SagaRow {
  readonly stepName: string | null;
  readonly stateVersion: number;
  readonly updatedAt: Date;
  readonly stepStartedAt: Date;
}

/** What one transition means for the read model and the metrics. */
export interface TransitionFacts {
  /** Whether the saga row moves to this transition (false: an older one arriving late). */
  readonly newest: boolean;
  /** Since the saga's previous transition; null for its first. */
  readonly durationMs: number | null;
  /** The step the saga left with this transition and how long it was at it. */
  readonly left: { readonly step: string; readonly ms: number } | null;
  /** The saga's whole duration, when this transition finishes it. */
  readonly sagaMs: number | null;
  /** When the step the saga is at after this transition began. */
  readonly stepStartedAt: Date;
}

/**
 * The facts of `event` given the saga as the read model holds it (null: not seen yet). A saga
 * leaves a step when the next transition names another step or finishes it; staying at a step
 * (RUNNING to WAITING on a human task) keeps the step's start.
 */
export function transitionFacts(
  previous: SagaRow | null,
  event: SagaTransitioned,
): TransitionFacts {
  const at = event.transitionedAt.getTime();
  const newest = previous === null || event.stateVersion > previous.stateVersion;
  const finished = isTerminal(event.toStatus);
  const sameStep = previous !== null && previous.stepName === event.stepName && !finished;
  const left =
    newest && previous?.stepName && !sameStep
      ? { step: previous.stepName, ms: Math.max(0, at - previous.stepStartedAt.getTime()) }
      : null;
  return {
    newest,
    durationMs: previous && newest ? Math.max(0, at - previous.updatedAt.getTime()) : null,
    left,
    sagaMs: finished ? Math.max(0, at - event.startedAt.getTime()) : null,
    stepStartedAt: sameStep ? previous.stepStartedAt : event.transitionedAt,
  };
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/;

/** The trace id of a W3C `traceparent` header value, or null (absent, malformed, all zeros). */
export function traceIdOf(traceparent: string | undefined): string | null {
  const id = TRACEPARENT.exec(traceparent?.trim().toLowerCase() ?? '')?.[1];
  return id && !/^0+$/.test(id) ? id : null;
}
