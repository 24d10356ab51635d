import { ApiProperty } from '@nestjs/swagger';
import { BOARD_STATUSES } from '../census.js';
import type { BoardStatus } from '../census.js';

export class BedDto {
  @ApiProperty({ example: 'MGH' })
  facilityId!: string;

  @ApiProperty({ example: '4W' })
  unitId!: string;

  @ApiProperty({ example: '401' })
  roomId!: string;

  @ApiProperty({ example: 'A' })
  bedId!: string;

  @ApiProperty({ enum: BOARD_STATUSES, example: 'OCCUPIED' })
  status!: BoardStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'MGH:V000123',
    description: 'Encounter occupying the bed; null unless OCCUPIED.',
  })
  encounterId!: string | null;

  @ApiProperty({ format: 'date-time', description: 'When the bed got its status.' })
  since!: string;
}

const CONFIGURED = {
  description:
    'False for a unit first seen in ADT and not imported since: named after its code, with the beds ADT named, no cost center or ratio.',
} as const;

export class BedBoardUnitDto {
  @ApiProperty({ example: 'MGH' })
  facilityId!: string;

  @ApiProperty({ example: '4W' })
  unitId!: string;

  @ApiProperty({ example: 'Medical-Surgical 4 West' })
  name!: string;

  @ApiProperty(CONFIGURED)
  configured!: boolean;

  @ApiProperty({ type: [BedDto], description: 'Beds by room and bed.' })
  beds!: BedDto[];
}

export class BedBoardDto {
  @ApiProperty({ type: [BedBoardUnitDto] })
  units!: BedBoardUnitDto[];
}

export class BedCountsDto {
  @ApiProperty()
  AVAILABLE!: number;

  @ApiProperty()
  OCCUPIED!: number;

  @ApiProperty()
  CLEANING!: number;

  @ApiProperty()
  BLOCKED!: number;
}

/** A unit with its census and nurse staffing. */
export class UnitDto {
  @ApiProperty({ example: 'MGH' })
  facilityId!: string;

  @ApiProperty({ example: '4W' })
  unitId!: string;

  @ApiProperty({ example: 'Medical-Surgical 4 West' })
  name!: string;

  @ApiProperty(CONFIGURED)
  configured!: boolean;

  @ApiProperty({ type: String, nullable: true, example: 'CC-4W' })
  costCenter!: string | null;

  @ApiProperty({ description: 'Occupied beds plus patients on the unit without a bed.' })
  census!: number;

  @ApiProperty({ description: 'Beds in service (all but BLOCKED).' })
  staffedBeds!: number;

  @ApiProperty()
  availableBeds!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '5.00',
    description:
      "Target patients per RN: the unit's own, or STAFFING_RATIOS' override; null for an unconfigured unit.",
  })
  patientsPerRn!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'ceil(census / patients per RN); null without a ratio.',
  })
  requiredRns!: number | null;
}

/** A patient ADT placed in a bed another encounter occupied: on the unit without a bed. */
export class BedConflictDto {
  @ApiProperty({ example: 'MGH:V000124' })
  encounterId!: string;

  @ApiProperty({ example: '401' })
  roomId!: string;

  @ApiProperty({ example: 'A' })
  bedId!: string;

  @ApiProperty({ type: String, nullable: true, description: 'Encounter in the bed now.' })
  occupiedBy!: string | null;
}

export class UnitCensusDto extends UnitDto {
  @ApiProperty()
  occupiedBeds!: number;

  @ApiProperty({ description: 'Patients assigned to the unit without a bed.' })
  patientsWithoutBed!: number;

  @ApiProperty({ type: BedCountsDto })
  bedsByStatus!: BedCountsDto;

  @ApiProperty({ type: [BedConflictDto] })
  bedConflicts!: BedConflictDto[];
}
