import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpStatus } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServiceConfig } from '../config/service-config.js';
import { CSV, isCsv } from '../import/bulk-import.js';
import { PROBLEM_JSON, ProblemException, toProblem } from '../problem/problem-details.js';

/** What body-parser (raw-body) passes on for a body over its limit. */
interface TooLargeError {
  readonly type: 'entity.too.large';
  readonly limit: number;
}

function isTooLarge(error: unknown): error is TooLargeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'entity.too.large' &&
    typeof (error as { limit?: unknown }).limit === 'number'
  );
}

/**
 * Express error middleware (four parameters: Express tells error handlers by their arity): a body
 * over its parser's limit is answered 413 problem+json naming the limit and the variable that
 * sets it; any other error goes on to the next handler.
 */
function answerTooLarge(
  error: unknown,
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  if (!isTooLarge(error)) {
    next(error);
    return;
  }
  const variable = isCsv(request.headers['content-type']) ? 'HTTP_CSV_LIMIT' : 'HTTP_JSON_LIMIT';
  const detail = `the request body exceeds ${error.limit} bytes (limit ${variable})`;
  const path = (request.url ?? '').split('?')[0] ?? '';
  const problem = toProblem(new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, { detail }), path);
  response.statusCode = problem.status;
  response.setHeader('Content-Type', PROBLEM_JSON);
  response.end(JSON.stringify(problem));
}

/**
 * The request bodies a service reads, each with an explicit limit: JSON up to HTTP_JSON_LIMIT
 * bytes, CSV bulk imports (`text/csv`) up to HTTP_CSV_LIMIT; nothing else is parsed (the
 * application is created with `bodyParser: false`: no implicit 100 kB JSON or urlencoded parser).
 * A JSON body also keeps the bytes it was parsed from, as `rawBody` (Nest's `RawBodyRequest`): a
 * route that checks a signature over the body as sent (the HR webhook's HMAC) reads them there.
 * A body over its limit is 413 problem+json naming the limit. Registered after the service's own
 * `beforeListen` middleware (encounter-ingest reads `/fhir` bodies itself, before these).
 */
export function useBodyLimits(app: NestExpressApplication, config: ServiceConfig): void {
  const http = app.getHttpAdapter();
  if (!(http instanceof ExpressAdapter))
    throw new Error('the service kit serves HTTP with Express');
  // rawBody true: Nest's own `verify` hook of the parser sets `request.rawBody` (a Buffer).
  http.useBodyParser('json', true, { limit: config.httpJsonLimit });
  app.useBodyParser('text', { type: CSV, limit: config.httpCsvLimit });
  app.use(answerTooLarge);
}
