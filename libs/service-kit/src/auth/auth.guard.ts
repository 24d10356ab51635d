import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext, OnApplicationBootstrap } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import { ProblemException } from '../problem/problem-details.js';
import { AuditTrail } from './audit-trail.js';
import { ACCESS, type Access } from './authorize.js';
import {
  CALL,
  FORBIDDEN_PROBLEM,
  UNAUTHORIZED_PROBLEM,
  type CallContext,
  type CallRequest,
  type CallResponse,
} from './call.js';
import {
  IdentityProviderUnavailableError,
  InvalidTokenError,
  OidcVerifier,
} from './oidc-verifier.js';

export const IDENTITY_PROVIDER_UNAVAILABLE = 'urn:meridian:problem:identity-provider-unavailable';

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

function unauthorized(
  response: CallResponse,
  detail: string,
  error?: 'invalid_token',
): ProblemException {
  // RFC 6750 §3: the challenge; `error` only when a token came and was refused.
  response.setHeader(
    'WWW-Authenticate',
    error
      ? `Bearer realm="meridian", error="${error}", error_description="${detail}"`
      : 'Bearer realm="meridian"',
  );
  return new ProblemException(HttpStatus.UNAUTHORIZED, {
    type: UNAUTHORIZED_PROBLEM,
    title: 'Unauthorized',
    detail,
  });
}

/**
 * Every HTTP route's gate (the kit's global guard): what its `@Authorize`, `@AuthenticatedBy` or
 * `@Public` declares. A bearer token is verified (`OidcVerifier`) and must carry one of the
 * route's roles: else 401 (with RFC 6750's `WWW-Authenticate`) or 403, as problem+json; the
 * identity provider out of reach is 503. Calls that mutate or read PHI are audited, refused ones
 * included. At start-up every route must declare its access, or the service does not start.
 */
@Injectable()
export class AuthGuard implements CanActivate, OnApplicationBootstrap {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: OidcVerifier,
    private readonly audit: AuditTrail,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = this.discovery.getControllers().flatMap(({ metatype, instance }) => {
      if (!metatype || !instance) return [];
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = (prototype as Record<string, unknown>)[name] as object;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) return [];
        if (this.accessOf(handler, metatype)) return [];
        const path = [metatype, handler]
          .map((target) => String(Reflect.getMetadata(PATH_METADATA, target) ?? ''))
          .map((part) => part.replace(/^\/+|\/+$/g, ''))
          .filter(Boolean)
          .join('/');
        return [`${metatype.name}.${name} (/${path})`];
      });
    });
    if (undeclared.length > 0) {
      throw new Error(
        `routes without @Authorize, @AuthenticatedBy or @Public: ${undeclared.join(', ')}`,
      );
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<CallRequest>();
    const response = http.getResponse<CallResponse>();
    const access = this.accessOf(context.getHandler(), context.getClass());
    if (!access)
      throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no access`);
    if (access.kind === 'public') return true;
    const firstParam = Object.values(request.params ?? {})[0];
    const call: CallContext = {
      caller: undefined,
      role: undefined,
      audit: {
        businessKey:
          (access.kind === 'roles' ? access.businessKey?.(request) : undefined) ?? firstParam,
        phiRead: access.kind === 'roles' && access.phi(request),
      },
      traceId: trace.getActiveSpan()?.spanContext().traceId,
    };
    request[CALL] = call;
    this.audit.watch(request, response, call);
    if (access.kind === 'own') return true;

    const header = request.headers.authorization;
    if (!header)
      throw unauthorized(
        response,
        'the request has no bearer token (Authorization: Bearer <access token>)',
      );
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw unauthorized(
        response,
        'the Authorization header is not a bearer token',
        'invalid_token',
      );
    try {
      call.caller = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw unauthorized(response, error.message, 'invalid_token');
      if (error instanceof IdentityProviderUnavailableError) {
        throw new ProblemException(
          HttpStatus.SERVICE_UNAVAILABLE,
          {
            type: IDENTITY_PROVIDER_UNAVAILABLE,
            title: 'Identity provider unavailable',
            detail: 'the token cannot be checked now: the identity provider does not answer',
          },
          { cause: error },
        );
      }
      throw error;
    }
    const { roles } = call.caller;
    call.role = access.roles.find((role) => roles.includes(role));
    if (!call.role) {
      throw new ProblemException(HttpStatus.FORBIDDEN, {
        type: FORBIDDEN_PROBLEM,
        title: 'Forbidden',
        detail: `this call takes one of the roles ${access.roles.join(', ')}; the token carries ${roles.length > 0 ? roles.join(', ') : 'none of the Meridian roles'}`,
        extensions: { requiredRoles: access.roles },
      });
    }
    return true;
  }

  private accessOf(handler: object, controller: object): Access | undefined {
    return this.reflector.getAllAndOverride<Access | undefined, string>(ACCESS, [
      handler as () => void,
      controller as () => void,
    ]);
  }
}
