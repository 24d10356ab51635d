import { applyDecorators, HttpStatus } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
} from '@nestjs/swagger';
import { ApiImport, ApiProblemResponse } from '@meridian/service-kit';
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
      summary: `Creates or replaces one ${spec.what}; the next journal or purchase order uses it`,
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
  return ApiImport({
    ...spec,
    summary: `Creates or replaces ${spec.what}s by key in one transaction: all of them or, on any error, none`,
    type: request,
    result: ImportResultDto,
    csv: `one row per ${spec.what}`,
    example: 'row 3: name; or a key twice',
    refusals: refusals ? [refusals] : [],
  });
}
