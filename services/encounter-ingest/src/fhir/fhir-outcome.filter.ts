import type { ServerResponse } from 'node:http';
import { Catch, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { ProblemException } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { APP_LOGGER } from '../app.logger.js';
import { errorOutcome, sendFhir } from './fhir-media.js';

/** The issue type of a refused call: not authenticated (401, `login`), not allowed (403). */
function issueCode(status: number): OperationOutcomeIssue['code'] {
  if (status === 401) return 'login';
  return status === 403 ? 'forbidden' : 'processing';
}

/** What the error says: a problem's detail (the auth guard's 401/403), else its message. */
function diagnosticsOf(exception: HttpException): string {
  if (exception instanceof ProblemException)
    return exception.problem.detail ?? exception.problem.title;
  return exception.message;
}

/**
 * Errors of the FHIR edge as OperationOutcome (not problem+json): an HttpException with its
 * status (a refused token: 401 `login` with the guard's WWW-Authenticate, 403 `forbidden`),
 * anything else as a 500 that is logged and tells nothing of the internals.
 */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      sendFhir(response, status, errorOutcome(issueCode(status), diagnosticsOf(exception)));
      return;
    }
    // The reason only: a database error can carry the query's parameters (the raw payload).
    const reason = exception instanceof Error ? exception.message : String(exception);
    this.logger.error({ reason }, 'FHIR request failed');
    sendFhir(
      response,
      HttpStatus.INTERNAL_SERVER_ERROR,
      errorOutcome('exception', 'the server could not process the request; send it again later'),
    );
  }
}
