// The demo feeder's calls to the services' HTTP APIs: each with a bearer token of the feeder's
// service account (`meridian-demo`, client credentials), renewed before it expires.

/** Base URLs by service name. */
export type Urls = Readonly<Record<string, string>>;

/** One call: a JSON body (an object), a text body (CSV, a string) or none. */
export interface DemoCall {
  readonly service: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly body?: unknown;
  /** Default application/json, text/csv for a string body. */
  readonly contentType?: string;
  /** More headers (a webhook's signature). */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DemoApi {
  /** The call's answer as JSON; anything but 2xx is an error naming the call and the answer. */
  call<T>(call: DemoCall): Promise<T>;
}

/** How long before a token's `exp` a new one is asked for. */
const RENEW_BEFORE_MS = 30_000;

/** The `exp` claim of a JWT, in ms; undefined when it has none (or is not a JWT). */
function expiresAt(token: string): number | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A token source over `grant` (one token request): the token it has until 30 s before its `exp`,
 * then a new one; a token without `exp` is asked for again at each call.
 */
export function renewingToken(
  grant: () => Promise<string>,
  now: () => number = Date.now,
): () => Promise<string> {
  let current: { readonly token: string; readonly renewAt: number } | undefined;
  return async () => {
    if (current && current.renewAt > now()) return current.token;
    const token = await grant();
    current = { token, renewAt: (expiresAt(token) ?? 0) - RENEW_BEFORE_MS };
    return token;
  };
}

export function demoApi(urls: Urls, token: () => Promise<string>): DemoApi {
  return {
    call: async <T>(call: DemoCall): Promise<T> => {
      const text = typeof call.body === 'string';
      const contentType = call.contentType ?? (text ? 'text/csv' : 'application/json');
      const response = await fetch(`${urls[call.service]}${call.path}`, {
        method: call.method,
        headers: {
          authorization: `Bearer ${await token()}`,
          ...(call.body === undefined ? {} : { 'content-type': contentType }),
          ...call.headers,
        },
        ...(call.body === undefined
          ? {}
          : { body: text ? (call.body as string) : JSON.stringify(call.body) }),
      });
      const answer = await response.text();
      if (!response.ok)
        throw new Error(`${call.method} ${call.service}${call.path}: ${response.status} ${answer}`);
      return (answer ? JSON.parse(answer) : undefined) as T;
    },
  };
}
