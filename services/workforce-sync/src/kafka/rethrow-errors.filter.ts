import { Catch } from '@nestjs/common';
import type { RpcExceptionFilter } from '@nestjs/common';
import { throwError } from 'rxjs';
import type { Observable } from 'rxjs';

/**
 * Hands a Kafka handler's error to the consumer runtime as thrown, so its `retriable` flag decides
 * retry or DLQ (a NonRetriableError goes straight to the DLQ with its message). Without it, Nest's
 * default RPC filter turns every error into `{ status: 'error', message: 'Internal server error' }`
 * and the runtime retries it: the app's global filters do not reach the microservice, which
 * `ServiceMessagingHost` connects without `inheritAppConfig`.
 */
@Catch()
export class RethrowErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
