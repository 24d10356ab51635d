// The reference-data API of every service (items, recalls, consignment stock, chargemaster, payers,
// suppliers, contract prices, the chart of accounts): a PUT of one row by its key, answered 201
// when it created the row and 200 when it replaced it, and a POST .../import of many rows (JSON or
// CSV) in one transaction, all or nothing. Declared and answered here, once for all of them.
import {
  applyDecorators,
  createParamDecorator,
  HttpStatus,
  Injectable,
  UseInterceptors,
} from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor, Type } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { ApiImport } from '../import/api-import.decorator.js';
import type { ApiImportOptions } from '../import/api-import.decorator.js';
import { readImport, rowError, rowsRefused } from '../import/bulk-import.js';
import type { ImportRow, ImportSpec } from '../import/bulk-import.js';
import { RowsRefusedError } from '../import/rows-refused.error.js';
import type { FieldError } from '../problem/problem-details.js';
import { ApiProblemResponse } from '../problem/problem-details.dto.js';

/** What a write of one row answers: the row as stored, and whether the write created it. */
export interface Written<T> {
  readonly row: T;
  readonly created: boolean;
}

/** What an import answers: how many of its rows it created and how many it replaced. */
export interface ImportCounts {
  readonly created: number;
  readonly replaced: number;
}

/** The counts of an import of `rows` rows, `created` of them new. */
export function importCounts(rows: number, created: number): ImportCounts {
  return { created, replaced: rows - created };
}

/**
 * The rows of a PUT (one) or an import, and how a refusal names a row's field: `gtins` in a PUT,
 * `row 3: gtins` in an import (see `writeRows`).
 */
export interface RowsToWrite<T> {
  readonly rows: readonly ImportRow<T>[];
  readonly errorOf: (row: number, field: string, message: string) => FieldError;
}

/** The one row of a PUT, its fields named alone in a refusal. */
export function putRow<T>(value: T): RowsToWrite<T> {
  return { rows: [{ row: 1, value }], errorOf: (_row, field, message) => ({ field, message }) };
}

/** The rows of an import, each field named with its row in a refusal (`row 3: gtins`). */
function importedRows<T>(rows: readonly ImportRow<T>[]): RowsToWrite<T> {
  return { rows, errorOf: rowError };
}

/**
 * The rows of a `POST .../import` as `readImport` reads them with `spec` (JSON, or CSV by the
 * Content-Type), or its 400/413: a handler's parameter, `@ImportedRows(ITEM_IMPORT) rows`.
 */
export const ImportedRows = createParamDecorator(
  <T>(spec: ImportSpec<T>, context: ExecutionContext): RowsToWrite<T> => {
    const request = context.switchToHttp().getRequest<{
      readonly body: unknown;
      readonly headers: Readonly<Record<string, string | undefined>>;
    }>();
    return importedRows(readImport(request.body, request.headers['content-type'], spec));
  },
);

/**
 * `write` of the values of `rows` (in one transaction, all or none); a RowsRefusedError it throws
 * (nothing written) becomes the problem+json `problem` with its status, naming each refused row's
 * field as `rows` do.
 */
export async function writeRows<T, R>(
  { rows, errorOf }: RowsToWrite<T>,
  problem: { readonly type: string; readonly title: string },
  write: (values: readonly T[]) => Promise<R>,
): Promise<R> {
  try {
    return await write(rows.map((r) => r.value));
  } catch (error) {
    if (!(error instanceof RowsRefusedError)) throw error;
    const errors = error.refusals.map((r) =>
      errorOf(rows[r.index]?.row ?? r.index + 1, r.field, r.message),
    );
    throw rowsRefused(error.status, problem, errors, error);
  }
}

/** A refusal beyond an invalid field: a conflict with what is stored (409), or an unknown reference (400). */
export interface WriteRefusal {
  readonly status: HttpStatus.BAD_REQUEST | HttpStatus.CONFLICT;
  readonly description: string;
}

/** What the rows of a part of the reference data are (the `ImportSpec` of its reader). */
export type ReferenceRows = Pick<ImportSpec<unknown>, 'what' | 'listField' | 'columns' | 'maxRows'>;

/** The part of the HTTP response the answer sets the status of. */
interface StatusResponse {
  status(code: number): unknown;
}

/** Answers the `row` of a handler's `Written` with 201 when it was created, else 200. */
@Injectable()
class WrittenStatusInterceptor implements NestInterceptor<Written<unknown>, unknown> {
  intercept(context: ExecutionContext, next: CallHandler<Written<unknown>>): Observable<unknown> {
    const response = context.switchToHttp().getResponse<StatusResponse>();
    return next.handle().pipe(
      map(({ row, created }) => {
        response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
        return row;
      }),
    );
  }
}

/**
 * The handler answers `Written<T>`: its `row` is sent, 201 when the write created it and 200 when
 * it was there already (replaced, or an idempotent repeat).
 */
export function AnswersWritten(): MethodDecorator {
  return UseInterceptors(WrittenStatusInterceptor);
}

export interface ReferenceWriteOptions {
  readonly rows: Pick<ReferenceRows, 'what'>;
  readonly summary: string;
  /** More of the operation than its body (what the row changes). */
  readonly description?: string;
  /** The key parameters of the path, if any, with an example of each (and what it is). */
  readonly params?: Readonly<Record<string, string | { example: string; description: string }>>;
  /** The JSON body's schema. */
  readonly type: Type;
  /** The written row's schema (201 and 200). */
  readonly result: Type;
  /** The 400 of an invalid field, when it says more than that (which field, for instance). */
  readonly invalid?: string;
  readonly refusals?: readonly WriteRefusal[];
}

/**
 * A write of one reference-data row, `PUT` by its key (or a `POST` of a row carrying its key); the
 * handler answers `Written<T>`. Documented, and answered: documented, and answered
 * 201 with the row when the write created it, 200 when it replaced it; 400 naming each invalid
 * field in `errors[].field`, and the `refusals`.
 */
export function ApiReferenceWrite(options: ReferenceWriteOptions): MethodDecorator {
  const { what } = options.rows;
  return applyDecorators(
    AnswersWritten(),
    ApiOperation({
      summary: options.summary,
      ...(options.description === undefined ? {} : { description: options.description }),
    }),
    ...Object.entries(options.params ?? {}).map(([name, param]) =>
      ApiParam({ name, ...(typeof param === 'string' ? { example: param } : param) }),
    ),
    ApiBody({ type: options.type }),
    ApiCreatedResponse({ type: options.result, description: `The ${what} was created` }),
    ApiOkResponse({ type: options.result, description: `The ${what} was replaced` }),
    ApiProblemResponse(
      HttpStatus.BAD_REQUEST,
      options.invalid ?? 'An invalid field, named in errors[].field',
    ),
    ...(options.refusals ?? []).map((r) => ApiProblemResponse(r.status, r.description)),
  );
}

export interface ReferenceImportOptions extends Omit<
  ApiImportOptions,
  'summary' | 'listField' | 'columns' | 'maxRows' | 'refusals'
> {
  readonly rows: ReferenceRows;
  /** What identifies a row, for the summary: `CDM code`, `supplier, location and item`. */
  readonly by: string;
  readonly refusals?: readonly WriteRefusal[];
}

/**
 * `POST .../import` of reference data (`readImport` behind it): creates or replaces the rows by
 * key in one transaction, all or none; see `ApiImport` for the bodies and answers documented (a
 * CSV row is one of `rows` unless `csv` says more).
 */
export function ApiReferenceImport(options: ReferenceImportOptions): MethodDecorator {
  const { rows, by, csv = `one row per ${rows.what}`, ...docs } = options;
  return ApiImport({
    ...docs,
    listField: rows.listField,
    columns: rows.columns,
    maxRows: rows.maxRows,
    csv,
    summary: `Creates or replaces ${rows.what}s by ${by} in one transaction: all of them or, on any error, none`,
  });
}
