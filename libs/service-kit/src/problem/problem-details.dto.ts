import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_JSON } from './problem-details.js';
import type { FieldError, ProblemDetails } from './problem-details.js';

/** OpenAPI schema of one input that failed validation. */
export class FieldErrorDto implements FieldError {
  @ApiProperty({ example: 'limit' })
  field!: string;

  @ApiProperty({ example: 'must be an integer between 1 and 200' })
  message!: string;

  @ApiPropertyOptional({
    example: 3,
    description: 'The 1-based row of a bulk import (CSV data row or JSON element)',
  })
  row?: number;
}

/** OpenAPI schema of RFC 7807 `application/problem+json`, as the kit's filter renders errors. */
export class ProblemDetailsDto implements ProblemDetails {
  @ApiProperty({ example: 'urn:meridian:problem:invalid-request' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'limit must be an integer between 1 and 200' })
  detail?: string;

  @ApiPropertyOptional({ example: '/claims' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'The fields that failed validation' })
  errors?: FieldErrorDto[];
}

/** Documents an error answer: `application/problem+json` with the ProblemDetailsDto schema. */
export function ApiProblemResponse(status: number, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({
      status,
      description,
      content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
    }),
  );
}
