import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Authorize, QueryParams } from '@meridian/service-kit';
import { BED_BOARD_READERS } from '../http/access.js';
import { EmployeeListDto, EmployeeView } from './dto/employee.dto.js';
import { HrService } from './hr.service.js';

@ApiTags('roster')
@Controller('employees')
@Authorize(BED_BOARD_READERS)
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
    const params = new QueryParams(query, ['costCenter']);
    const costCenter = params.text('costCenter');
    params.done();
    return this.hr.employees(costCenter);
  }

  @Get(':employeeId')
  @ApiOperation({ summary: 'One employee' })
  @ApiOkResponse({ type: EmployeeView })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'Not on the roster')
  get(@Param('employeeId') employeeId: string): Promise<EmployeeView> {
    return this.hr.employee(employeeId);
  }
}
