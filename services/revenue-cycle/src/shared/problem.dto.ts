import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One input that failed validation. */
export class FieldErrorDto {
  @ApiProperty({ example: 'diagnoses[1].code' })
  field!: string;

  @ApiProperty({ example: 'must be an ICD-10-CM code such as I50.23' })
  message!: string;
}

/** RFC 7807 `application/problem+json`, as every error of this API is answered. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:meridian:problem:invalid-request' })
  type!: string;

  @ApiProperty({ example: 'Invalid request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiPropertyOptional()
  detail?: string;

  @ApiPropertyOptional({ example: '/coding-queue/3f2504e0-4f89-11d3-9a0c-0305e82c3301/complete' })
  instance?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
