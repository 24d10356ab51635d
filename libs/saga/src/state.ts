import { SagaStatus_SYMBOLS } from '@meridian/contracts';
import type { Failure, SagaStatus as SagaStatusSymbol } from '@meridian/contracts';
import type { SagaData } from './definition.js';

/** A saga's status: the Avro enum `SagaStatus` without UNKNOWN, its readers' default. */
export type SagaStatus = Exclude<SagaStatusSymbol, 'UNKNOWN'>;
export const SAGA_STATUSES: readonly SagaStatus[] = SagaStatus_SYMBOLS.filter(
  (status): status is SagaStatus => status !== 'UNKNOWN',
);
export const ACTIVE_STATUSES: readonly SagaStatus[] = [
  'RUNNING',
  'WAITING',
  'SUSPENDED',
  'COMPENSATING',
];

export type Direction = 'forward' | 'compensation';

/** Why a saga step failed: the Avro record `Failure`, as replies and lifecycle events carry it. */
export type SagaFailure = Failure;

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
