import type { ServerResponse } from 'node:http';
import { Catch, HttpException, HttpStatus, Inject } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Logger } from '@meridian/telemetry';
import { APP_LOGGER } from '../app.logger.js';
import { errorOutcome, sendFhir } from './fhir-media.js';

/**
 * Errors of the FHIR edge as OperationOutcome (not problem+json): an HttpException with its
 * status, anything else as a 500 that is logged and tells nothing of the internals.
 */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    if (exception instanceof HttpException) {
      sendFhir(response, exception.getStatus(), errorOutcome('processing', exception.message));
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
