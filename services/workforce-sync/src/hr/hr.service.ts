import { Injectable, NotFoundException } from '@nestjs/common';
import { EmployeeChanged, Topics } from '@meridian/contracts';
import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import { CostCenter, Unit } from '../bed-board/unit.entity.js';
import { ServiceMessagingHost } from '@meridian/service-kit';
import type { EmployeeListDto, EmployeeView } from './dto/employee.dto.js';
import { Employee, HrEvent } from './employee.entity.js';
import { CHANGE_TYPES } from './hr-event.validation.js';
import type { HrEventInput } from './hr-event.validation.js';

function employeeView(employee: Employee): EmployeeView {
  return {
    employeeId: employee.employeeId,
    status: employee.status,
    jobCode: employee.jobCode,
    role: employee.role,
    costCenter: employee.costCenter,
    unitId: employee.unitId,
    fte: Number(employee.fte),
    effectiveDate: employee.effectiveDate,
    lastEventId: employee.lastEventId,
    updatedAt: employee.updatedAt.toISOString(),
  };
}

/** The roster, kept from the HR system's events. */
@Injectable()
export class HrService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: ServiceMessagingHost,
  ) {}

  /**
   * Applies an HR event to the roster and publishes EmployeeChanged with it (outbox, same
   * transaction). An eventId seen before is answered with its first result, nothing applied.
   */
  async receive(event: HrEventInput): Promise<EmployeeView> {
    const facilityId = await this.checkReferences(event);
    return this.host.messaging.outbox.transaction(async (manager, publish) => {
      // Claims the event id; a concurrent duplicate waits here until the first one committed.
      const claimed = await manager.query<unknown[]>(
        `INSERT INTO hr_event (event_id, employee_id, type, received_at, result)
         VALUES ($1, $2, $3, now(), '{}') ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.eventId, event.employeeId, event.type],
      );
      if (claimed.length === 0)
        return (await manager.findOneByOrFail(HrEvent, { eventId: event.eventId })).result;
      const employees = manager.getRepository(Employee);
      const before = await employees.findOne({
        where: { employeeId: event.employeeId },
        lock: { mode: 'pessimistic_write' },
      });
      const employee = employees.create({
        employeeId: event.employeeId,
        status: event.type === 'TERMINATE' ? 'TERMINATED' : 'ACTIVE',
        jobCode: event.jobCode,
        role: event.role,
        costCenter: event.costCenter,
        facilityId,
        unitId: event.unitId,
        fte: event.fte.toFixed(2),
        effectiveDate: event.effectiveDate,
        lastEventId: event.eventId,
        updatedAt: new Date(),
      });
      await employees.upsert(employee, ['employeeId']);
      await publish(
        Topics.WorkforceEmployeeV1,
        EmployeeChanged,
        {
          employeeId: event.employeeId,
          changeType: CHANGE_TYPES[event.type],
          costCenter: event.costCenter,
          previousCostCenter: event.type === 'TRANSFER' ? (before?.costCenter ?? null) : null,
          jobCode: event.jobCode,
          effectiveDate: event.effectiveDate,
        },
        { key: event.employeeId, correlationId: event.eventId },
      );
      const view = employeeView(employee);
      await manager.update(HrEvent, { eventId: event.eventId }, { result: view });
      return view;
    });
  }

  async employee(employeeId: string): Promise<EmployeeView> {
    const employee = await this.dataSource.getRepository(Employee).findOneBy({ employeeId });
    if (!employee) throw new NotFoundException(`employee ${employeeId} is not on the roster`);
    return employeeView(employee);
  }

  /** The roster, or one cost center's (400 naming costCenter when it does not exist). */
  async employees(costCenter: string | undefined): Promise<EmployeeListDto> {
    if (costCenter !== undefined && !(await this.costCenterExists(costCenter)))
      throw new InvalidRequestException([
        { field: 'costCenter', message: 'is not a known cost center' },
      ]);
    const employees = await this.dataSource.getRepository(Employee).find({
      where: costCenter === undefined ? {} : { costCenter },
      order: { employeeId: 'ASC' },
    });
    return { items: employees.map(employeeView) };
  }

  private costCenterExists(code: string): Promise<boolean> {
    return this.dataSource.getRepository(CostCenter).existsBy({ code });
  }

  /**
   * The cost center must exist; a unit must be one of it, which names its facility (units of two
   * facilities may share a code, never a cost center). Answers the unit's facility, or null.
   */
  private async checkReferences(event: HrEventInput): Promise<string | null> {
    const errors: FieldError[] = [];
    if (!(await this.costCenterExists(event.costCenter)))
      errors.push({ field: 'costCenter', message: 'is not a known cost center' });
    const unit = event.unitId === null ? null : await this.unitOf(event.unitId, event.costCenter);
    if (unit && 'message' in unit) errors.push({ field: 'unitId', message: unit.message });
    if (errors.length > 0) throw new InvalidRequestException(errors);
    return unit && 'facilityId' in unit ? unit.facilityId : null;
  }

  /** The facility of unit `unitId` of `costCenter`, or why there is none. */
  private async unitOf(
    unitId: string,
    costCenter: string,
  ): Promise<{ facilityId: string } | { message: string }> {
    const units = await this.dataSource.getRepository(Unit).findBy({ unitId });
    const ofCostCenter = units.filter((unit) => unit.costCenter === costCenter);
    const [unit, ...others] = ofCostCenter;
    if (unit && others.length === 0) return { facilityId: unit.facilityId };
    if (unit) return { message: `names units of cost center ${costCenter} in several facilities` };
    if (units.length === 0) return { message: 'is not a bed-board unit' };
    const costCenters = units.map((u) => u.costCenter ?? 'none (unconfigured)');
    return { message: `belongs to cost center ${costCenters.join(', ')}` };
  }
}
