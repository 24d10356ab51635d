import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EmployeeView } from './dto/employee.dto.js';

export type EmploymentStatus = 'ACTIVE' | 'TERMINATED';

/** The roster: one row per employee, as the HR events left it. No names or personal data. */
@Entity({ name: 'employee' })
export class Employee {
  @PrimaryColumn({ name: 'employee_id', type: 'text' })
  employeeId!: string;

  @Column({ type: 'text' })
  status!: EmploymentStatus;

  @Column({ name: 'job_code', type: 'text' })
  jobCode!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'cost_center', type: 'text' })
  costCenter!: string;

  /** Facility of the employee's unit (the unit of the event's cost center); null without a unit. */
  @Column({ name: 'facility_id', type: 'text', nullable: true })
  facilityId!: string | null;

  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  /** Full-time equivalent, numeric(3,2) read as a decimal string ('0.90'). */
  @Column({ type: 'numeric', precision: 3, scale: 2 })
  fte!: string;

  /** 'YYYY-MM-DD' of the last change. */
  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ name: 'last_event_id', type: 'text' })
  lastEventId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** An HR event received, kept to answer a repeat of its eventId with the first result. */
@Entity({ name: 'hr_event' })
export class HrEvent {
  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'employee_id', type: 'text' })
  employeeId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** The answer as first given (json keeps it as written). */
  @Column({ type: 'json' })
  result!: EmployeeView;
}
