import { Module } from '@nestjs/common';
import { OutboxTransaction } from '../http/outbox-transaction.js';
import { EmployeesController } from './employees.controller.js';
import { HrEventsController } from './hr-events.controller.js';
import { HrService } from './hr.service.js';

/** The roster: HR webhook events in, EmployeeChanged out. */
@Module({
  controllers: [HrEventsController, EmployeesController],
  providers: [HrService, OutboxTransaction],
})
export class HrModule {}
