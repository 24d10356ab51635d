import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ApiProblemResponse, CSV } from '@meridian/service-kit';
import type { ImportSpec } from '@meridian/service-kit';
import { ImportResultDto } from './dto/chart.dto.js';

/** The part of the HTTP response a PUT handler sets the status of (201 created, 200 replaced). */
export interface StatusResponse {
  status(code: number): unknown;
}

/** What the OpenAPI document names of a part's rows. */
type RowsOf = Pick<ImportSpec<unknown>, 'what' | 'listField' | 'columns' | 'maxRows'>;

/** What the OpenAPI document says of a part's refusals beyond invalid fields. */
interface Refusals {
  readonly status: HttpStatus.BAD_REQUEST | HttpStatus.CONFLICT;
  readonly description: string;
}

/** `PUT /<part>/:key` of the chart's import API. */
export function ApiChartPut(
  spec: RowsOf,
  key: { name: string; example: string },
  request: Type,
  response: Type,
  refusals?: Refusals,
): MethodDecorator {
  return applyDecorators(
    ApiOperation({
      summary: `Creates or replaces one ${spec.what}; journals use it from the next on`,
    }),
    ApiParam(key),
    ApiBody({ type: request }),
    ApiCreatedResponse({ type: response, description: `The ${spec.what} was created` }),
    ApiOkResponse({ type: response, description: `The ${spec.what} was replaced` }),
    ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, named in errors[].field'),
    ...(refusals ? [ApiProblemResponse(refusals.status, refusals.description)] : []),
  );
}

/** `POST /<part>/import` of the chart's import API. */
export function ApiChartImport(spec: RowsOf, request: Type, refusals?: Refusals): MethodDecorator {
  return applyDecorators(
    HttpCode(HttpStatus.OK),
    ApiOperation({
      summary: `Creates or replaces ${spec.what}s by key in one transaction: all of them or, on any error, none`,
      description:
        `JSON (a bare array or { "${spec.listField}": [...] }) or text/csv with a header line ` +
        `naming the columns (${spec.columns.join(', ')}), one row per ${spec.what}.`,
    }),
    ApiConsumes('application/json', CSV),
    ApiBody({ type: request }),
    ApiOkResponse({ type: ImportResultDto }),
    ApiProblemResponse(
      HttpStatus.BAD_REQUEST,
      'An invalid row, named with its field or column in errors[].field (row 3: name) and errors[].row, or a key twice; nothing was stored',
    ),
    ...(refusals
      ? [ApiProblemResponse(refusals.status, `${refusals.description}; nothing was stored`)]
      : []),
    ApiProblemResponse(
      HttpStatus.PAYLOAD_TOO_LARGE,
      `More than ${spec.maxRows} rows: split the import`,
    ),
  );
}
