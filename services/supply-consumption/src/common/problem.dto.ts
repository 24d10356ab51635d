import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { PROBLEM_JSON } from '@meridian/service-kit';

export class FieldErrorDto {
  @ApiProperty({ example: 'quantity' })
  field!: string;

  @ApiProperty({ example: 'must be an integer from 1 to 100' })
  message!: string;
}

/** RFC 7807 `application/problem+json`, as the service kit's filter renders every error. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:meridian:problem:invalid-request' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional({ example: 'quantity must be an integer from 1 to 100' })
  detail?: string;

  @ApiPropertyOptional({ example: '/usage' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'The fields that failed validation' })
  errors?: FieldErrorDto[];
}

/** Documents an error answer: `application/problem+json` with the ProblemDto schema. */
export function ApiProblemResponse(status: number, description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ApiResponse({
      status,
      description,
      content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDto) } } },
    }),
  );
}
