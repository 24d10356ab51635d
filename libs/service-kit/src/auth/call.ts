import type { IncomingMessage, ServerResponse } from 'node:http';
import { createParamDecorator, HttpStatus } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '../problem/problem-details.js';
import type { FieldError } from '../problem/problem-details.js';
import type { Role } from './roles.js';

/** The parts of Express' request the auth and audit code reads. */
export interface CallRequest extends IncomingMessage {
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** The matched route (`/coding-tasks/:id/complete`) once routed. */
  readonly route?: { readonly path: string };
  readonly baseUrl?: string;
  [CALL]?: CallContext;
}

export type CallResponse = ServerResponse;

export const FORBIDDEN_PROBLEM = 'urn:meridian:problem:forbidden';
export const UNAUTHORIZED_PROBLEM = 'urn:meridian:problem:unauthorized';

/** The authenticated caller, from the access token's claims. */
export interface Caller {
  /** `sub`: the identity provider's id of the user or client. */
  readonly subject: string;
  /** `preferred_username`: a staff or service account name. */
  readonly username: string | undefined;
  /** `azp`: the client the token was issued to. */
  readonly clientId: string | undefined;
  /** The Meridian roles the token carries (others are ignored). */
  readonly roles: readonly Role[];
}

/**
 * Who acts, as a record of the action names them (`overriddenBy`, `voidedBy`, `codedBy`): the
 * token's username, else its subject (a service account without a username).
 */
export function actorOf(caller: Caller): string {
  return caller.username ?? caller.subject;
}

/**
 * The refusal of a request field naming who acted (`coderId`, `voidedBy`, `resolvedBy`): who acts
 * is the caller of the bearer token (`actorOf`), so a body naming someone (as clients sent before
 * tokens) is a 400 naming the field, not ignored.
 */
export function actorFieldRefused(field: string): FieldError {
  return {
    field,
    message: 'is not accepted: who acted is recorded as the caller of the bearer token',
  };
}

/**
 * What the audit record of a call says beyond the request: a handler that learns the business key
 * (a task's encounter) or reads PHI only on request (`include=rawPayload`) notes it here.
 */
export interface AuditNote {
  businessKey: string | undefined;
  phiRead: boolean;
}

/** The per-request state the guard sets and the audit reads. */
export interface CallContext {
  caller: Caller | undefined;
  /** The route role that let the call in. */
  role: Role | undefined;
  readonly audit: AuditNote;
  readonly traceId: string | undefined;
}

export const CALL = Symbol('meridian.call');

function contextOf(context: ExecutionContext): CallContext {
  const call = context.switchToHttp().getRequest<CallRequest>()[CALL];
  if (!call) throw new Error('no call context: the route is not behind the auth guard');
  return call;
}

/** The handler's `AuditNote` (set the business key, mark a PHI read). */
export const Audit = createParamDecorator(
  (_: unknown, context: ExecutionContext) => contextOf(context).audit,
);

/** The route's caller (a route with `@Authorize` always has one). */
export const CurrentCaller = createParamDecorator(
  (_: unknown, context: ExecutionContext): Caller => {
    const { caller } = contextOf(context);
    if (!caller) throw new Error('no caller: the route is not an @Authorize route');
    return caller;
  },
);

/**
 * 403 problem+json unless `caller` holds `role`: for a part of a route that takes more than the
 * route's roles (the raw payload of a message takes `phi-reader`).
 */
export function requireRole(caller: Caller, role: Role, what: string): void {
  if (caller.roles.includes(role)) return;
  throw new ProblemException(HttpStatus.FORBIDDEN, {
    type: FORBIDDEN_PROBLEM,
    title: 'Forbidden',
    detail: `${what} takes the role ${role}, which the token does not carry`,
    extensions: { requiredRoles: [role] },
  });
}
