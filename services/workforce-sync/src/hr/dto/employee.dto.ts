import { ApiProperty } from '@nestjs/swagger';
import { HR_EVENT_TYPES, ROLES } from '../hr-event.validation.js';
import type { HrEventType, Role } from '../hr-event.validation.js';

/** An employee on the roster (no names or personal data). */
export class EmployeeView {
  @ApiProperty({ example: 'E10042' })
  employeeId!: string;

  @ApiProperty({ enum: ['ACTIVE', 'TERMINATED'] })
  status!: 'ACTIVE' | 'TERMINATED';

  @ApiProperty({ example: 'RN2' })
  jobCode!: string;

  @ApiProperty({ enum: ROLES })
  role!: string;

  @ApiProperty({ example: 'CC-4W' })
  costCenter!: string;

  @ApiProperty({ type: String, nullable: true, example: '4W' })
  unitId!: string | null;

  @ApiProperty({ example: 0.9 })
  fte!: number;

  @ApiProperty({ format: 'date', example: '2026-03-01', description: 'Of the last change.' })
  effectiveDate!: string;

  @ApiProperty({ description: 'The HR event that made the last change.' })
  lastEventId!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class EmployeeListDto {
  @ApiProperty({ type: [EmployeeView] })
  items!: EmployeeView[];
}

/** `POST /hr/events`: a hire, termination or transfer from the HR system. */
export class HrEventDto {
  @ApiProperty({ description: 'Unique per event: a repeat is answered with the first result.' })
  eventId!: string;

  @ApiProperty({ enum: HR_EVENT_TYPES })
  type!: HrEventType;

  @ApiProperty({ example: 'E10042' })
  employeeId!: string;

  @ApiProperty({ example: 'RN2' })
  jobCode!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({
    example: 'CC-4W',
    description: "Must exist: a unit's cost center (created with the unit).",
  })
  costCenter!: string;

  @ApiProperty({
    required: false,
    type: String,
    nullable: true,
    example: '4W',
    description: 'A unit of the cost center.',
  })
  unitId?: string | null;

  @ApiProperty({ minimum: 0.01, maximum: 1, example: 0.9 })
  fte!: number;

  @ApiProperty({ format: 'date', example: '2026-03-01' })
  effectiveDate!: string;
}
