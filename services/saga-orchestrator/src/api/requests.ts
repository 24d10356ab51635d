import { SAGA_STATUSES } from '@meridian/saga';
import type { HumanTaskStatus, SagaData, SagaStatus } from '@meridian/saga';
import { InvalidRequestException, PAGE_LIMIT, QueryParams } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
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

/** `GET /human-tasks?status=&queue=&limit=`; without `status`, the open ones. */
export interface ListHumanTasksQuery {
  readonly statuses: readonly HumanTaskStatus[];
  readonly queue: string | undefined;
  readonly limit: number;
}

export function parseListHumanTasksQuery(
  query: Readonly<Record<string, unknown>>,
): ListHumanTasksQuery {
  const params = new QueryParams(query, ['status', 'queue', 'limit']);
  const status = params.oneOf('status', HUMAN_TASK_STATUSES);
  const parsed: ListHumanTasksQuery = {
    statuses: status ? [status] : OPEN_TASK_STATUSES,
    queue: params.text('queue'),
    limit: params.integer('limit', PAGE_LIMIT),
  };
  params.done();
  return parsed;
}

function isJsonObject(value: unknown): value is SagaData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `POST /human-tasks/:id/complete` with `{ "input": { ... } }`: the input, or a 400 naming the field. */
export function parseCompleteTaskBody(body: unknown): SagaData {
  if (!isJsonObject(body)) {
    throw new InvalidRequestException([
      { field: 'body', message: 'must be a JSON object: { "input": { ... } }' },
    ]);
  }
  const errors: FieldError[] = Object.keys(body)
    .filter((key) => key !== 'input')
    .map((field) => ({ field, message: 'is not a known field' }));
  if (!isJsonObject(body['input']))
    errors.unshift({ field: 'input', message: 'must be a JSON object' });
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return body['input'] as SagaData;
}
