import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiProblemResponse } from '../problem/problem-details.dto.js';
import { CSV } from './bulk-import.js';
import type { ImportSpec } from './bulk-import.js';

/** What the OpenAPI document says of one `POST .../import` (`readImport` behind it). */
export interface ApiImportOptions extends Pick<
  ImportSpec<unknown>,
  'listField' | 'columns' | 'maxRows'
> {
  /** The operation's summary. */
  readonly summary: string;
  /** More of the operation than its body (what an imported row changes). */
  readonly description?: string;
  /** The JSON body's schema. */
  readonly type: Type;
  /** The 200 answer's schema. */
  readonly result: Type;
  /** What a CSV row is or what a cell means, said after the columns: `one row per plan`. */
  readonly csv?: string;
  /** A field a 400 names, as an example: `row 3: gtins`. */
  readonly example: string;
  /** The 413's limit when it is not `More than <maxRows> rows`. */
  readonly limit?: string;
  /** Refusals beyond an invalid row (409 of a conflict with what is stored); nothing is stored. */
  readonly refusals?: readonly { readonly status: HttpStatus; readonly description: string }[];
}

/**
 * `POST .../import`: 200 with `result`; a JSON body (the list field or a bare array) or text/csv
 * with a header line of the columns; 400 naming each invalid row and field; 413 above `maxRows`.
 */
export function ApiImport(options: ApiImportOptions): MethodDecorator {
  const { listField, columns, maxRows, csv, example, refusals = [] } = options;
  return applyDecorators(
    HttpCode(HttpStatus.OK),
    ApiOperation({
      summary: options.summary,
      ...(options.description === undefined ? {} : { description: options.description }),
    }),
    ApiConsumes('application/json', CSV),
    ApiBody({
      type: options.type,
      description:
        `JSON \`{ "${listField}": [row, ...] }\` or a bare array of rows; or text/csv with a ` +
        `header line of the columns ${columns.join(',')}${csv === undefined ? '' : ` (${csv})`}`,
    }),
    ApiOkResponse({ type: options.result }),
    ApiProblemResponse(
      HttpStatus.BAD_REQUEST,
      `An invalid row, named with its field or column in errors[].field (${example}) and errors[].row (1-based: CSV data line or JSON element); nothing was stored`,
    ),
    ...refusals.map((r) => ApiProblemResponse(r.status, `${r.description}; nothing was stored`)),
    ApiProblemResponse(
      HttpStatus.PAYLOAD_TOO_LARGE,
      `More than ${options.limit ?? `${maxRows.toLocaleString('en-US')} rows`}: split the import; nothing was stored`,
    ),
  );
}
