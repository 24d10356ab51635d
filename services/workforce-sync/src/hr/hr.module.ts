import { Module } from '@nestjs/common';
import { EmployeesController } from './employees.controller.js';
import { HrEventsController } from './hr-events.controller.js';
import { HrService } from './hr.service.js';

/** The roster: HR webhook events in, EmployeeChanged out. */
@Module({
  controllers: [HrEventsController, EmployeesController],
  providers: [HrService],
})
export class HrModule {}
