import { SAGA_STATUSES, TASK_ACTIONS } from '@meridian/saga';
import type { HumanTaskStatus, SagaStatus, TaskCompletion } from '@meridian/saga';
import {
  actorFieldRefused,
  InvalidRequestException,
  PAGE_LIMIT,
  QueryParams,
} from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { ACTOR_FIELD, COMPLETED_BY } from '../sagas/task-completer.js';
import { decodeCursor } from './saga-cursor.js';
import type { SagaCursor } from './saga-cursor.js';

/** `GET /sagas?type=&status=&businessKey=&limit=&cursor=` */
export interface ListSagasQuery {
  readonly type: string | undefined;
  readonly status: SagaStatus | undefined;
  readonly businessKey: string | undefined;
  readonly limit: number;
  readonly cursor: SagaCursor | undefined;
}

export function parseListSagasQuery(query: Readonly<Record<string, unknown>>): ListSagasQuery {
  const params = new QueryParams(query, ['type', 'status', 'businessKey', 'limit', 'cursor']);
  const parsed: ListSagasQuery = {
    type: params.text('type'),
    status: params.oneOf('status', SAGA_STATUSES),
    businessKey: params.text('businessKey'),
    limit: params.integer('limit', PAGE_LIMIT),
    cursor: params.parsed('cursor', decodeCursor, 'is not a cursor this API issued'),
  };
  params.done();
  return parsed;
}

export const HUMAN_TASK_STATUSES = [
  'OPEN',
  'ESCALATED',
  'COMPLETED',
  'CANCELLED',
] as const satisfies readonly HumanTaskStatus[];
// Every status of the saga lib is listed (a new one fails to compile here).
const everyStatus: Exclude<HumanTaskStatus, (typeof HUMAN_TASK_STATUSES)[number]> extends never
  ? true
  : false = true;
void everyStatus;

/** Open tasks: waiting on a person, escalated or not. */
export const OPEN_TASK_STATUSES: readonly HumanTaskStatus[] = ['OPEN', 'ESCALATED'];

/** `GET /human-tasks?team=&type=&status=&sagaType=&limit=`; without `status`, the open ones. */
export interface ListHumanTasksQuery {
  readonly statuses: readonly HumanTaskStatus[];
  readonly team: string | undefined;
  readonly type: string | undefined;
  readonly sagaType: string | undefined;
  readonly limit: number;
}

export function parseListHumanTasksQuery(
  query: Readonly<Record<string, unknown>>,
): ListHumanTasksQuery {
  const params = new QueryParams(query, ['status', 'team', 'type', 'sagaType', 'limit']);
  const status = params.oneOf('status', HUMAN_TASK_STATUSES);
  const parsed: ListHumanTasksQuery = {
    statuses: status ? [status] : OPEN_TASK_STATUSES,
    team: params.text('team'),
    type: params.text('type'),
    sagaType: params.text('sagaType'),
    limit: params.integer('limit', PAGE_LIMIT),
  };
  params.done();
  return parsed;
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const COMPLETE_FIELDS = ['action', 'note', 'input'];

/** The fields of `value` (at any depth, named by their path under `field`) that name who acted. */
function actorFields(field: string, value: unknown): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => actorFields(`${field}[${i}]`, v));
  if (!isJsonObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => [
    ...(ACTOR_FIELD.test(key) ? [actorFieldRefused(`${field}.${key}`)] : []),
    ...actorFields(`${field}.${key}`, v),
  ]);
}

/**
 * `POST /human-tasks/:id/complete` with `{ "action": "retry" | "skip" | "compensate", "note": "...",
 * "input": { ... } }` (all optional; no action: the task's default), completed by `completedBy`
 * (the caller): the completion, its input naming the caller as `completedBy`, or a 400 naming
 * every bad field. Who acted is never the body's say: an input field naming a person
 * (`resolution.resolvedBy`, `completedBy`, any `...By`) is refused.
 */
export function parseCompleteTaskBody(body: unknown, completedBy: string): TaskCompletion {
  if (!isJsonObject(body)) {
    throw new InvalidRequestException([
      { field: 'body', message: 'must be a JSON object: { "action", "note", "input" }' },
    ]);
  }
  const { action, note, input } = body;
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => !COMPLETE_FIELDS.includes(key))
    .map((field) => ({ field, message: 'is not a known field' }));
  const isAction = (TASK_ACTIONS as readonly unknown[]).includes(action);
  if (action !== undefined && action !== null && !isAction)
    errors.push({ field: 'action', message: `must be one of ${TASK_ACTIONS.join(', ')}` });
  if (note !== undefined && note !== null && typeof note !== 'string')
    errors.push({ field: 'note', message: 'must be a string' });
  if (input !== undefined && !isJsonObject(input))
    errors.push({ field: 'input', message: 'must be a JSON object' });
  errors.push(...actorFields('input', input));
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return {
    action: isAction ? (action as TaskCompletion['action']) : null,
    note: typeof note === 'string' ? note : null,
    input: { ...(input as TaskCompletion['input'] | undefined), [COMPLETED_BY]: completedBy },
  };
}
