// The observability API as the dashboard reads it: the service's own answer types as JSON carries
// them (type imports only: nothing of the server is loaded in the browser). Every call carries the
// signed-in user's bearer token; a 401 starts the login again.
import type { SagaStatus } from '@meridian/contracts';
import type { AuditEntry as AuditEntryOf } from '../../audit/audit.store.js';
import { accessToken, startLogin } from './auth.js';
import type {
  DlqEntry as DlqEntryOf,
  DlqEntryWithPayload as DlqEntryWithPayloadOf,
} from '../../dlq/dlq.service.js';
import type { DlqStatus } from '../../dlq/dlq-requests.js';
import type { PartitionLag } from '../../lag/consumer-lag.service.js';
import type { SagaTypeSlo as SagaTypeSloOf } from '../../slo/slo.service.js';
import type { TraceSpan as TraceSpanOf, TraceView } from '../../traces/trace-view.js';
import type {
  SagaDetail as SagaDetailOf,
  SagaSummary as SagaSummaryOf,
  TaskView,
  TimelineEntry,
} from '../../sagas/sagas.service.js';

/** `T` as JSON carries it: dates are ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? readonly Json<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Json<T[K]> }
      : T;

export type SagaSummary = Json<SagaSummaryOf>;
export type SagaDetail = Json<SagaDetailOf>;
export type Transition = Json<TimelineEntry>;
export type SagaTask = Json<TaskView>;
export type AuditEntry = Json<AuditEntryOf>;
export type DlqEntry = Json<DlqEntryOf>;
export type DlqEntryWithPayload = Json<DlqEntryWithPayloadOf>;
export type ConsumerLag = Json<PartitionLag>;
export type SagaTypeSlo = Json<SagaTypeSloOf>;
export type Trace = Json<TraceView>;
export type TraceSpan = Json<TraceSpanOf>;

/** Every status a listed value can take (a new one in the service fails the build here). */
function statuses<S extends string>(all: Readonly<Record<S, true>>): readonly S[] {
  return Object.keys(all) as S[];
}

export const DLQ_STATUSES = statuses<DlqStatus>({
  OPEN: true,
  REPLAYED: true,
  PARKED: true,
  RESOLVED: true,
});

/** What a saga can be filtered by (UNKNOWN is only the schema's reader default). */
export const SAGA_STATUSES = statuses<Exclude<SagaStatus, 'UNKNOWN'>>({
  RUNNING: true,
  WAITING: true,
  SUSPENDED: true,
  COMPENSATING: true,
  COMPLETED: true,
  COMPENSATED: true,
  FAILED: true,
});

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

/** `path?query`, values that are empty left out (a filter not given). */
export function withQuery(path: string, query: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  return search.size > 0 ? `${path}?${search}` : path;
}

/** A refusal of the API, with the problem's detail (or title) as its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response, what: string): Promise<T> {
  // The token expired or was revoked: sign in again (the page leaves).
  if (response.status === 401) await startLogin();
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as T;
  let message = `${what}: HTTP ${response.status}`;
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string };
    message = `${what}: ${problem.detail ?? problem.title ?? response.status}`;
  } catch {
    // Not problem+json: the status says it.
  }
  throw new ApiError(response.status, message);
}

/** `GET path?query` (empty values left out). */
export async function get<T>(
  path: string,
  query: Readonly<Record<string, string>> = {},
): Promise<T> {
  const url = withQuery(path, query);
  const headers = { accept: 'application/json', authorization: `Bearer ${await accessToken()}` };
  return answer<T>(await fetch(url, { headers }), `GET ${path}`);
}

/** `POST path` with a JSON body. */
export async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Bearer ${await accessToken()}`,
    },
    body: JSON.stringify(body),
  });
  return answer<T>(response, `POST ${path}`);
}
