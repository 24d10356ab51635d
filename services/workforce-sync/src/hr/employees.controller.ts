import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { optionalParams } from '../http/query-params.js';
import { EmployeeListDto, EmployeeView } from './dto/employee.dto.js';
import { HrService } from './hr.service.js';

@ApiTags('roster')
@Controller('employees')
export class EmployeesController {
  constructor(private readonly hr: HrService) {}

  @Get()
  @ApiOperation({ summary: 'The roster, by employee id' })
  @ApiQuery({
    name: 'costCenter',
    required: false,
    description: 'Only this cost center, e.g. CC-4W.',
  })
  @ApiOkResponse({ type: EmployeeListDto })
  list(@Query() query: Record<string, unknown>): Promise<EmployeeListDto> {
    return this.hr.employees(optionalParams(query, ['costCenter']).costCenter);
  }

  @Get(':employeeId')
  @ApiOperation({ summary: 'One employee' })
  @ApiOkResponse({ type: EmployeeView })
  @ApiNotFoundResponse({ description: 'Not on the roster.' })
  get(@Param('employeeId') employeeId: string): Promise<EmployeeView> {
    return this.hr.employee(employeeId);
  }
}
