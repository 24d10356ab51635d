import { Catch, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { throwError } from 'rxjs';
import type { Observable } from 'rxjs';
import { PROBLEM_JSON, toProblem } from './problem-details.js';
import type { ErrorMapping } from './problem-details.js';

/** The parts of the platform's request that the filter reads. */
interface HttpRequest {
  readonly path?: string;
  readonly url?: string;
}

/**
 * Answers every exception of an HTTP request as `application/problem+json` (RFC 7807): typed
 * `ProblemException`s as they are, Nest's `HttpException`s with their status, the domain errors
 * of `mappings` with theirs, anything else as a 500 that is logged and reveals nothing.
 * Exceptions of other contexts (a Kafka handler) are passed on untouched, so the messaging
 * runtime still decides retry or DLQ from the original error.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly mappings: readonly ErrorMapping[] = [],
  ) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | undefined {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const instance = request.path ?? (request.url ?? '').split('?')[0] ?? '';
    const problem = toProblem(exception, instance, this.mappings);
    if (problem.status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      // One object (PinoNestLogger keeps its fields; `msg` is the line's message).
      this.logger.error({
        err: exception,
        status: problem.status,
        instance,
        msg: 'request failed',
      });
    }
    const adapter = this.adapterHost.httpAdapter;
    const response: unknown = http.getResponse();
    adapter.setHeader(response, 'Content-Type', PROBLEM_JSON);
    adapter.reply(response, problem, problem.status);
    return undefined;
  }
}
