/**
 * How a schema registry request failed, from the error the registry client threw (its
 * `ResponseError` carries the HTTP status; a network failure reaches it as a status-400 response
 * whose message is the socket error's). Pure: no I/O.
 *
 * - `unavailable`: the registry is not reachable or not able to answer for now (connection
 *   refused or reset, a timeout, no route, 408, 429, any 5xx): another attempt may succeed.
 * - `not-found`: it answered that the subject, schema or id does not exist (404).
 * - `refused`: it answered no for another reason (401 or 403: credentials; another 4xx).
 */
export interface RegistryFailure {
  readonly kind: 'unavailable' | 'not-found' | 'refused';
  /** `status 503`, `ECONNREFUSED`, `timeout`: for messages and logs, no response body. */
  readonly detail: string;
}

const NETWORK =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND)\b|socket hang up|fetch failed|timeout/i;

export function registryFailure(error: unknown): RegistryFailure {
  const { status, code, name, message } = (error ?? {}) as {
    status?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const text = `${typeof code === 'string' ? code : ''} ${typeof message === 'string' ? message : ''}`;
  const network = NETWORK.exec(text);
  // The client turns a 404 of a schema lookup into a ConfluentSchemaRegistryError without status.
  if (name === 'ConfluentSchemaRegistryError') return { kind: 'not-found', detail: 'status 404' };
  if (typeof status !== 'number') {
    return network
      ? { kind: 'unavailable', detail: network[1] ?? network[0].toLowerCase() }
      : { kind: 'refused', detail: typeof name === 'string' ? name : 'error' };
  }
  const detail = `status ${status}`;
  if (status === 404) return { kind: 'not-found', detail };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'unavailable', detail };
  // A network failure is reported as a 400 response by the client.
  if (status === 400 && network)
    return { kind: 'unavailable', detail: network[1] ?? network[0].toLowerCase() };
  return { kind: 'refused', detail };
}
