import { applyDecorators, SetMetadata } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import {
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemDetailsDto } from '../problem/problem-details.dto.js';
import type { CallRequest } from './call.js';
import type { Role } from './roles.js';

/** The OpenAPI security scheme of bearer tokens (OpenID Connect discovery of OIDC_ISSUER). */
export const OIDC_SCHEME = 'oidc';
/** The OpenAPI operation extension listing the roles a route takes (any one of them). */
export const ROLES_EXTENSION = 'x-meridian-roles';
/** The OpenAPI operation extension of a route that reads PHI. */
export const PHI_EXTENSION = 'x-meridian-phi';

/** How a route is reached: with a token and one of its roles, by its own scheme, or by anyone. */
export type Access =
  | {
      readonly kind: 'roles';
      readonly roles: readonly Role[];
      /** The business key an audit record of the call carries; default the first path parameter. */
      readonly businessKey?: (request: CallRequest) => string | undefined;
      /** Whether the call reads PHI (audited as a PHI read, refused ones included). */
      readonly phi: (request: CallRequest) => boolean;
    }
  | { readonly kind: 'own'; readonly scheme: string }
  | { readonly kind: 'public' };

export const ACCESS = 'meridian:access';

export interface AuthorizeOptions {
  /**
   * The business key of the call for its audit record (encounter id, PO number, saga id);
   * default the first path parameter. A handler that learns it later sets it on its `AuditNote`.
   */
  readonly businessKey?: (request: CallRequest) => string | undefined;
  /**
   * The call reads PHI: `true` for every call, or a test of the request (`include=rawPayload`), so
   * that a refused attempt is audited as a PHI read too (also a GET).
   */
  readonly phi?: boolean | ((request: CallRequest) => boolean);
}

/**
 * `access` on a route, or on a controller for each of its routes that declares none of its own,
 * with `documented` (the OpenAPI parts) on each such route only: a route that declares its own
 * access is documented with its own roles alone, not also with its controller's.
 */
function declare(
  access: Access,
  ...documented: (MethodDecorator & ClassDecorator)[]
): MethodDecorator & ClassDecorator {
  const onRoute = applyDecorators(SetMetadata(ACCESS, access), ...documented);
  const onEachRoute = applyDecorators(...documented);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key !== undefined && descriptor) return onRoute(target, key, descriptor);
    SetMetadata(ACCESS, access)(target as () => void);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const route = Object.getOwnPropertyDescriptor(prototype, name);
      const handler: unknown = route?.value;
      if (!route || typeof handler !== 'function') continue;
      if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
      if (Reflect.getMetadata(ACCESS, handler) !== undefined) continue;
      onEachRoute(prototype, name, route);
    }
    return undefined;
  }) as MethodDecorator & ClassDecorator;
}

/**
 * The route takes a bearer token of OIDC_ISSUER for OIDC_AUDIENCE with one of `roles`: else 401
 * (no or invalid token) or 403 (none of the roles), as problem+json. Mutating calls and PHI reads
 * are audited. The roles are listed in the OpenAPI document (security requirement and
 * `x-meridian-roles`).
 */
export function Authorize(
  roles: readonly [Role, ...Role[]],
  options: AuthorizeOptions = {},
): MethodDecorator & ClassDecorator {
  const { phi = false } = options;
  const access: Access = {
    kind: 'roles',
    roles,
    phi: typeof phi === 'function' ? phi : () => phi,
    ...(options.businessKey ? { businessKey: options.businessKey } : {}),
  };
  return declare(
    access,
    ApiSecurity(OIDC_SCHEME, [...roles]),
    ApiExtension(ROLES_EXTENSION, [...roles]),
    ...(phi === false ? [] : [ApiExtension(PHI_EXTENSION, phi === true ? true : 'on request')]),
    ApiUnauthorizedResponse({ type: ProblemDetailsDto, description: 'No valid bearer token.' }),
    ApiForbiddenResponse({
      type: ProblemDetailsDto,
      description: `The token has none of the roles ${roles.join(', ')}.`,
    }),
  );
}

/**
 * The route authenticates its callers itself (a webhook's HMAC signature, named `scheme` in the
 * OpenAPI document): no bearer token is asked for. Its guard is the route's own; its mutating
 * calls are still audited.
 */
export function AuthenticatedBy(scheme: string): MethodDecorator & ClassDecorator {
  return declare({ kind: 'own', scheme }, ApiSecurity(scheme));
}

/** Anyone may call the route: probes and metrics scrapes only (`/health/*`, `/metrics`). */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS, { kind: 'public' } satisfies Access);
}
