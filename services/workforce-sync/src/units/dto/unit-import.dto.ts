import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RoomDefinitionDto {
  @ApiProperty({ example: '701', description: 'Room code (PV1-3 room), unique in the unit.' })
  roomId!: string;

  @ApiProperty({
    type: [String],
    example: ['A', 'B'],
    description: 'Bed codes (PV1-3 bed), 1 to 12, unique in the room.',
  })
  beds!: string[];
}

/** The fields of a unit definition every request carries. */
class UnitFieldsDto {
  @ApiProperty({ example: 'Medical-Surgical 7 North', description: '1 to 100 characters.' })
  name!: string;

  @ApiProperty({
    example: 'CC-7N',
    description: 'Cost center of the unit; created, named after the unit, when it is new.',
  })
  costCenter!: string;

  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    example: 4,
    description:
      'Target patients per RN: above 0, at most 999.99, 2 decimals (STAFFING_RATIOS may override it).',
  })
  patientsPerRn!: number | string;

  @ApiProperty({
    type: [RoomDefinitionDto],
    description:
      'Every room with every bed: new beds are added AVAILABLE, listed ones keep their status and patient, beds left out are removed (refused with 409 while a patient is in one).',
  })
  rooms!: RoomDefinitionDto[];
}

/** `PUT /facilities/{facilityId}/units/{unitId}`: the unit's whole definition. */
export class UnitBodyDto extends UnitFieldsDto {
  @ApiPropertyOptional({ example: 'MGH', description: 'When given, the facility of the path.' })
  facilityId?: string;

  @ApiPropertyOptional({ example: '7N', description: 'When given, the unit of the path.' })
  unitId?: string;
}

export class ImportedUnitDto extends UnitFieldsDto {
  @ApiProperty({
    example: 'BWH',
    description: 'Facility (PV1-3.4); it must exist (PUT /facilities/{facilityId}).',
  })
  facilityId!: string;

  @ApiProperty({
    example: '4W',
    description: 'Unit code (PV1-3.1), once per facility and import.',
  })
  unitId!: string;
}

/**
 * `POST /units/import` as JSON: units created or updated in one transaction (all or nothing); a
 * bare array of units is taken too. As text/csv: a header line
 * `facilityId,unitId,name,costCenter,patientsPerRn,roomId,bedId` and one row per bed.
 */
export class UnitsImportDto {
  @ApiProperty({ type: [ImportedUnitDto], description: '1 to 200 units.' })
  units!: ImportedUnitDto[];
}

/** A unit as stored: what `PUT /facilities/{facilityId}/units/{unitId}` takes back. */
export class UnitDefinitionDto {
  @ApiProperty({ example: 'MGH' })
  facilityId!: string;

  @ApiProperty({ example: '7N' })
  unitId!: string;

  @ApiProperty({
    description:
      'False for a unit first seen in ADT and not imported since (no cost center, no ratio).',
  })
  configured!: boolean;

  @ApiProperty({ example: 'Medical-Surgical 7 North' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'CC-7N' })
  costCenter!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '4.00',
    description: 'As imported (not STAFFING_RATIOS).',
  })
  patientsPerRn!: string | null;

  @ApiProperty({ type: [RoomDefinitionDto], description: 'Rooms and beds in id order.' })
  rooms!: RoomDefinitionDto[];
}

export class BedRefDto {
  @ApiProperty({ example: '701' })
  roomId!: string;

  @ApiProperty({ example: 'A' })
  bedId!: string;
}

/** What importing one unit did. */
export class UnitImportResultDto extends UnitDefinitionDto {
  @ApiProperty({ description: 'The unit was new.' })
  created!: boolean;

  @ApiProperty({ type: [BedRefDto], description: 'Beds added, AVAILABLE.' })
  bedsAdded!: BedRefDto[];

  @ApiProperty({ type: [BedRefDto], description: 'Beds removed (none was occupied).' })
  bedsRemoved!: BedRefDto[];
}

export class UnitsImportResultDto {
  @ApiProperty({ type: [UnitImportResultDto], description: 'In the order of the request.' })
  units!: UnitImportResultDto[];
}
