/** The role that lets a caller read PHI in dead-letter payloads. */
export const PHI_READER = 'phi-reader';

/** Request headers as Node gives them. */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Whether the caller may read PHI. Interim until issue 15 brings verified identities (JWT): the
 * `X-Meridian-Roles` header (comma-separated) naming `phi-reader`, honoured only when the
 * deployment trusts it (`OBSERVABILITY_TRUST_ROLE_HEADER=true`); otherwise never.
 */
export function mayReadPhi(headers: Headers, trustRoleHeader: boolean): boolean {
  if (!trustRoleHeader) return false;
  return (header(headers, 'x-meridian-roles') ?? '')
    .split(',')
    .some((role) => role.trim().toLowerCase() === PHI_READER);
}

/** Who acts: the body's `by`, else the `X-Meridian-User` header, else `anonymous`. */
export function actor(by: string | undefined, headers: Headers): string {
  return by ?? header(headers, 'x-meridian-user')?.trim().slice(0, 200) ?? 'anonymous';
}
