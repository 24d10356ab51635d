import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext, RawBodyRequest } from '@nestjs/common';
import {
  checkWebhookSignature,
  ProblemException,
  SERVICE_CONFIG,
  SIGNATURE_HEADER,
  UNAUTHORIZED_PROBLEM,
} from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';

/** The OpenAPI security scheme of the HR webhook (`@AuthenticatedBy`, main.ts). */
export const HR_SIGNATURE_SCHEME = 'hrSignature';

export const HR_WEBHOOK_NOT_CONFIGURED = 'urn:meridian:problem:hr-webhook-not-configured';

const NO_BODY = Buffer.alloc(0);

/**
 * The HR webhook's gate (`@AuthenticatedBy('hrSignature')`): the request must carry a valid
 * X-Meridian-Signature (service-kit's `checkWebhookSignature`) over the bytes of its body, kept by
 * the kit's JSON parser as `rawBody`; else 401 problem+json saying what is wrong. 503 while
 * HR_WEBHOOK_SECRET is unset.
 */
@Injectable()
export class HrSignatureGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<RawBodyRequest<IncomingMessage>>();
    const { hrWebhookSecret: secret, hrWebhookToleranceS: toleranceS } = this.config;
    if (secret === undefined) {
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, {
        type: HR_WEBHOOK_NOT_CONFIGURED,
        title: 'HR webhook not configured',
        detail:
          'the HR webhook is not configured: HR_WEBHOOK_SECRET is unset, so no signature can be checked',
      });
    }
    const header = request.headers[SIGNATURE_HEADER];
    const check = checkWebhookSignature(
      Array.isArray(header) ? header.join(',') : header,
      request.rawBody ?? NO_BODY,
      secret,
      toleranceS,
    );
    if (check.ok) return true;
    http
      .getResponse<ServerResponse>()
      .setHeader('WWW-Authenticate', `HMAC-SHA256 realm="meridian", header="${SIGNATURE_HEADER}"`);
    throw new ProblemException(HttpStatus.UNAUTHORIZED, {
      type: UNAUTHORIZED_PROBLEM,
      title: 'Unauthorized',
      detail: check.reason,
    });
  }
}
