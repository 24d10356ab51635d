// Who completed a human task, as the sagas see it. The orchestrator's API gives every completion's
// input the caller of the bearer token as `completedBy` (a body cannot name who acted: such fields
// are refused), so a definition records the person from there (the AP clerk's `resolvedBy`) and the
// task keeps them with the rest of its input.
import type { SagaData } from '@meridian/saga';

/** The input key naming the person who completed the task: the caller's user name, else subject. */
export const COMPLETED_BY = 'completedBy';

/** A field naming who acted (`resolvedBy`, `completedBy`): only the caller's token says that. */
export const ACTOR_FIELD = /^[a-z][A-Za-z0-9]*By$/;

/** The person who completed the task (null when the input names none) and the rest of the input. */
export function splitCompleter(input: SagaData): { completedBy: string | null; input: SagaData } {
  const { [COMPLETED_BY]: completedBy, ...rest } = input;
  return { completedBy: typeof completedBy === 'string' ? completedBy : null, input: rest };
}
