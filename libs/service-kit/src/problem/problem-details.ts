import { STATUS_CODES } from 'node:http';
import { HttpException, HttpStatus } from '@nestjs/common';

/** RFC 7807 / RFC 9457 media type of every error an HTTP edge answers. */
export const PROBLEM_JSON = 'application/problem+json';

/** Problem type of a request whose parameters or body failed validation (with `errors`). */
export const INVALID_REQUEST = 'urn:meridian:problem:invalid-request';

/** One input that failed validation: `status`, `limit`, `input`, `body.input.code`... */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  /** The 1-based row of a bulk import the field is in (also named in `field`: `row 3: unitPrice`). */
  readonly row?: number;
}

/** An RFC 7807 problem, with `errors` naming the fields when validation failed. */
export interface ProblemDetails {
  /** A URI naming the kind of problem; `about:blank` when the status says it all. */
  readonly type: string;
  /** Short summary of the type (the status phrase for `about:blank`). */
  readonly title: string;
  readonly status: number;
  /** What went wrong with this request, for people; never PHI. */
  readonly detail?: string;
  /** The request path the problem occurred at. */
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
}

export interface ProblemInit {
  readonly type?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  /**
   * RFC 9457 extension members of this problem type, answered beside the standard ones (which
   * they cannot replace): `{ code: 'RECALLED', recallNumbers: [...] }`.
   */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** A typed error an HTTP edge answers as the problem it carries. */
export class ProblemException extends HttpException {
  readonly problem: Omit<ProblemDetails, 'instance'>;

  constructor(status: number, init: ProblemInit = {}, options?: { cause?: unknown }) {
    const problem = {
      ...init.extensions,
      type: init.type ?? 'about:blank',
      title: init.title ?? statusTitle(status),
      status,
      ...(init.detail === undefined ? {} : { detail: init.detail }),
      ...(init.errors === undefined ? {} : { errors: init.errors }),
    };
    super(problem, status, options);
    this.name = 'ProblemException';
    this.problem = problem;
  }
}

/** 400 with one entry per invalid field: `new InvalidRequestException([{ field, message }])`. */
export class InvalidRequestException extends ProblemException {
  constructor(errors: readonly FieldError[]) {
    super(HttpStatus.BAD_REQUEST, {
      type: INVALID_REQUEST,
      title: 'Invalid request',
      detail: errors.map((e) => `${e.field} ${e.message}`).join('; '),
      errors,
    });
    this.name = 'InvalidRequestException';
  }
}

/**
 * How an error of a domain class (thrown by a lib, which knows nothing of HTTP) is answered:
 * `{ error: SagaNotFoundError, status: 404 }`. The error's message becomes the `detail`.
 */
export interface ErrorMapping {
  readonly error: abstract new (...args: never[]) => Error;
  readonly status: number;
  readonly type?: string;
  readonly title?: string;
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** The `message` of a Nest `HttpException` response: a string, a list, or nothing useful. */
function httpExceptionDetail(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string'))
    return message.join('; ');
  return undefined;
}

const INTERNAL_DETAIL = 'The server could not complete the request; the error is in its logs.';

/**
 * The problem an exception is answered with at `instance`. Unknown errors become a 500 that
 * tells nothing of the internals (the filter logs them).
 */
export function toProblem(
  exception: unknown,
  instance: string,
  mappings: readonly ErrorMapping[] = [],
): ProblemDetails {
  if (exception instanceof ProblemException) return { ...exception.problem, instance };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const detail = httpExceptionDetail(exception);
    return {
      type: 'about:blank',
      title: statusTitle(status),
      status,
      ...(detail === undefined ? {} : { detail }),
      instance,
    };
  }
  const mapping = mappings.find((m) => exception instanceof m.error);
  if (mapping && exception instanceof Error) {
    return {
      type: mapping.type ?? 'about:blank',
      title: mapping.title ?? statusTitle(mapping.status),
      status: mapping.status,
      detail: exception.message,
      instance,
    };
  }
  return {
    type: 'about:blank',
    title: statusTitle(HttpStatus.INTERNAL_SERVER_ERROR),
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: INTERNAL_DETAIL,
    instance,
  };
}
