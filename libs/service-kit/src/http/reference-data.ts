// The reference-data API of every service (items, recalls, consignment stock, chargemaster, payers,
// suppliers, contract prices, the chart of accounts): a PUT of one row by its key, answered 201
// when it created the row and 200 when it replaced it, and a POST .../import of many rows (JSON or
// CSV) in one transaction, all or nothing. Declared and answered here, once for all of them.
import { applyDecorators, HttpStatus, Injectable, UseInterceptors } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor, Type } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import type { ApiParamOptions } from '@nestjs/swagger';
import { map } from 'rxjs';
import type { Observable } from 'rxjs';
import { ApiImport } from '../import/api-import.decorator.js';
import type { ApiImportOptions } from '../import/api-import.decorator.js';
import type { ImportSpec } from '../import/bulk-import.js';
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

export interface ReferenceWriteOptions {
  readonly rows: Pick<ReferenceRows, 'what'>;
  readonly summary: string;
  /** More of the operation than its body (what the row changes). */
  readonly description?: string;
  /** The key parameters of the path, if any. */
  readonly params?: readonly ApiParamOptions[];
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
    UseInterceptors(WrittenStatusInterceptor),
    ApiOperation({
      summary: options.summary,
      ...(options.description === undefined ? {} : { description: options.description }),
    }),
    ...(options.params ?? []).map((param) => ApiParam(param)),
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
