import type { ServerResponse } from 'node:http';
import { Catch, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { FHIR_JSON, outcomeOf } from './operation-outcome.js';

/** Every error of the FHIR edge as an OperationOutcome (not problem+json). */
@Catch()
export class FhirOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('FhirOutcome');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, outcome } = outcomeOf(exception);
    if (status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      // The reason only: a database error can carry the query's parameters.
      const reason = exception instanceof Error ? exception.message : String(exception);
      this.logger.error({ reason, msg: 'FHIR request failed' });
    }
    const response = host.switchToHttp().getResponse<ServerResponse>();
    response.statusCode = status;
    response.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
    response.end(JSON.stringify(outcome));
  }
}
