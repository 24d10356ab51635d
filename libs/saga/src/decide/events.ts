// What happens to a saga: the events the state machine takes.
import type { SagaData } from '../definition.js';
import type { SagaFailure, TaskAction, TimerRef } from '../state.js';

export type SagaEvent =
  | { readonly type: 'start'; readonly data: SagaData }
  | {
      readonly type: 'reply';
      readonly stepName: string;
      readonly commandMessageId: string;
      readonly succeeded: boolean;
      readonly failure: SagaFailure | null;
      readonly reply: unknown;
    }
  | { readonly type: 'timer'; readonly timer: TimerRef }
  | {
      readonly type: 'task-completed';
      readonly stepName: string;
      /** null: the task's default (retry a work item, go on after a wait step's task). */
      readonly action: TaskAction | null;
      readonly input: SagaData;
    }
  | { readonly type: 'cancel' }
  | { readonly type: 'retry' };

/** Thrown for an operator request the saga's status does not allow (the API answers 409). */
export class IllegalTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalTransitionError';
  }
}
