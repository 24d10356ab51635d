import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class OperationOutcomeCodingDto {
  @ApiProperty({ example: 'urn:meridian:clinical.encounter.v1:message-id' })
  system!: string;

  @ApiProperty({
    description: 'The published event id',
    example: '0b8e3a52-0c4e-4c1e-9b0a-3f1f7c2d9e10',
  })
  code!: string;

  @ApiPropertyOptional({ example: 'EncounterDischarged' })
  display?: string;
}

export class OperationOutcomeDetailsDto {
  @ApiProperty({ type: [OperationOutcomeCodingDto] })
  coding!: OperationOutcomeCodingDto[];
}

export class OperationOutcomeIssueDto {
  @ApiProperty({ enum: ['error', 'information'] })
  severity!: string;

  @ApiProperty({
    description: 'FHIR issue type',
    example: 'required',
    enum: [
      'informational',
      'required',
      'value',
      'code-invalid',
      'structure',
      'not-supported',
      'transient',
      'too-long',
      'exception',
      'processing',
    ],
  })
  code!: string;

  @ApiPropertyOptional({
    description: 'What is wrong, naming the element',
    example: 'Encounter.period.start is required',
  })
  diagnostics?: string;

  @ApiPropertyOptional({
    description: 'FHIRPath of the element at fault',
    type: [String],
    example: ['Encounter.period.start'],
  })
  expression?: string[];

  @ApiPropertyOptional({
    description: 'On success: the published event',
    type: OperationOutcomeDetailsDto,
  })
  details?: OperationOutcomeDetailsDto;
}

/** FHIR R4 OperationOutcome as this edge answers it. */
export class OperationOutcomeDto {
  @ApiProperty({ enum: ['OperationOutcome'] })
  resourceType!: 'OperationOutcome';

  @ApiProperty({ type: [OperationOutcomeIssueDto] })
  issue!: OperationOutcomeIssueDto[];
}
