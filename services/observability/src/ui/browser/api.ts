// The observability API as the dashboard reads it (JSON: timestamps are ISO strings). Only these
// endpoints; payloads come masked from the service, the dashboard shows what it gets.

export interface SagaSummary {
  readonly sagaId: string;
  readonly sagaType: string;
  readonly businessKey: string;
  readonly status: string;
  readonly stepName: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly stepExpectedBy: string | null;
  readonly traceId: string | null;
  readonly traceUrl: string | null;
}

export interface Transition {
  readonly stepName: string | null;
  readonly fromStatus: string | null;
  readonly toStatus: string;
  readonly at: string;
  readonly durationMs: number | null;
  readonly error: unknown;
}

export interface SagaTask {
  readonly taskId: string;
  readonly taskType: string;
  readonly team: string | null;
  readonly status: string;
  readonly reasonCode: string | null;
  readonly dueAt: string;
  readonly escalated: boolean;
}

export interface SagaDetail extends SagaSummary {
  readonly timeline: readonly Transition[];
  readonly tasks: readonly SagaTask[];
}

export interface ConsumerLag {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly committedOffset: string | number | null;
  readonly endOffset: string | number;
  readonly lag: number;
}

export interface Replay {
  readonly at: string;
  readonly by: string | null;
  readonly result: string;
  readonly replayTopic: string;
}

export const DLQ_STATUSES = ['OPEN', 'REPLAYED', 'PARKED', 'RESOLVED'] as const;

export interface DlqEntry {
  readonly id: string;
  readonly group: string;
  readonly dlqTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly originalTopic: string | null;
  readonly originalPartition: number | null;
  readonly originalOffset: string | null;
  readonly key: string | null;
  readonly recordName: string | null;
  readonly errorClass: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly attempts: number | null;
  readonly failedAt: string | null;
  readonly status: (typeof DLQ_STATUSES)[number];
  readonly payload: unknown;
  readonly payloadError: string | null;
  readonly replays: readonly Replay[];
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
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
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  const url = search.size > 0 ? `${path}?${search}` : path;
  return answer<T>(await fetch(url, { headers: { accept: 'application/json' } }), `GET ${path}`);
}

/** `POST path` with a JSON body. */
export async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answer<T>(response, `POST ${path}`);
}
