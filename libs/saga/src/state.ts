import type { SagaData } from './definition.js';

export const SAGA_STATUSES = [
  'RUNNING',
  'WAITING',
  'SUSPENDED',
  'COMPENSATING',
  'COMPLETED',
  'COMPENSATED',
  'FAILED',
] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];
export const ACTIVE_STATUSES: readonly SagaStatus[] = [
  'RUNNING',
  'WAITING',
  'SUSPENDED',
  'COMPENSATING',
];

export type Direction = 'forward' | 'compensation';

export interface SagaFailure {
  readonly code: string;
  readonly message: string;
  readonly retriable: boolean;
  /** Key/value context of a participant's rejection (what a person needs to fix it). */
  readonly details?: Readonly<Record<string, string>> | null;
}

/** A suspended saga's incident: since when, and how many automatic retries it has had. */
export interface Incident {
  readonly since: string;
  readonly retries: number;
}

/** What a person decides when completing a task. */
export const TASK_ACTIONS = ['retry', 'skip', 'compensate'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** One line of an instance's step history. */
export interface HistoryEntry {
  readonly step: string;
  readonly direction: Direction;
  readonly event:
    | 'command-sent'
    | 'succeeded'
    | 'failed'
    | 'timed-out'
    | 'retry-scheduled'
    | 'suspended'
    | 'incident-retry'
    | 'incident-window-exhausted'
    | 'waiting'
    | 'escalated'
    | 'human-task-completed'
    | 'timer-elapsed'
    | 'ignored'
    | 'skipped'
    | 'cancel-requested'
    | 'retry-requested';
  readonly at: string;
  readonly attempt: number;
  readonly detail?: string;
  /** On `command-sent`: the command's message id (replies name it; compensations refer to it). */
  readonly commandId?: string;
}

export interface SagaState {
  readonly status: SagaStatus;
  /** Forward: the current step; compensating or failed: the step being compensated. */
  readonly stepIndex: number;
  readonly direction: Direction;
  /** Attempts made of the current command (1 after the first send). */
  readonly attempt: number;
  readonly data: SagaData;
  /** Message id of the command whose reply the saga waits for; null when it waits for nothing. */
  readonly pendingCommandId: string | null;
  readonly lastError: SagaFailure | null;
  /** Set while SUSPENDED. */
  readonly incident: Incident | null;
  readonly history: readonly HistoryEntry[];
}

export type TimerKind = 'reply-timeout' | 'retry' | 'incident-retry' | 'wait' | 'escalation';

/** A durable timer's identity: it fires only if the saga still stands where it was set. */
export interface TimerRef {
  readonly kind: TimerKind;
  readonly stepIndex: number;
  readonly direction: Direction;
  readonly attempt: number;
}
