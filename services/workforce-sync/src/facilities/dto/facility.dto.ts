import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `PUT /facilities/{facilityId}` */
export class FacilityBodyDto {
  @ApiPropertyOptional({ example: 'BWH', description: 'When given, the facility of the path.' })
  facilityId?: string;

  @ApiProperty({ example: "Brigham and Women's Hospital", description: '1 to 100 characters.' })
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'America/New_York',
    description: 'IANA time zone.',
  })
  timeZone?: string | null;
}

export class ImportedFacilityDto extends FacilityBodyDto {
  @ApiProperty({ example: 'BWH', description: 'Facility code (PV1-3.4), once per import.' })
  declare facilityId: string;
}

/**
 * `POST /facilities/import` as JSON (a bare array is taken too); as text/csv a header line
 * `facilityId,name,timeZone` and one row per facility.
 */
export class FacilitiesImportDto {
  @ApiProperty({ type: [ImportedFacilityDto], description: '1 to 200 facilities.' })
  facilities!: ImportedFacilityDto[];
}

export class FacilityDto {
  @ApiProperty({ example: 'BWH' })
  facilityId!: string;

  @ApiProperty({ example: "Brigham and Women's Hospital" })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'America/New_York' })
  timeZone!: string | null;

  @ApiProperty({
    description:
      'False for a facility first seen in ADT and not imported since (named after its code).',
  })
  configured!: boolean;
}

export class FacilityImportResultDto extends FacilityDto {
  @ApiProperty({ description: 'The facility was new.' })
  created!: boolean;
}

export class FacilitiesImportResultDto {
  @ApiProperty({ type: [FacilityImportResultDto], description: 'In the order of the request.' })
  facilities!: FacilityImportResultDto[];
}

export class FacilityListDto {
  @ApiProperty({ type: [FacilityDto], description: 'By facility code.' })
  items!: FacilityDto[];
}
