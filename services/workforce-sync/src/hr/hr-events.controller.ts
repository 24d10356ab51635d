import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, InvalidRequestException } from '@meridian/service-kit';
import { EmployeeView, HrEventDto } from './dto/employee.dto.js';
import { validateHrEvent } from './hr-event.validation.js';
import { HrService } from './hr.service.js';

@ApiTags('roster')
@Controller('hr')
export class HrEventsController {
  constructor(private readonly hr: HrService) {}

  @Post('events')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'HR webhook: a hire, termination or transfer updates the roster',
    description:
      'Publishes EmployeeChanged on workforce.employee.v1. A repeated eventId is answered with the first result and changes nothing.',
  })
  @ApiBody({ type: HrEventDto })
  @ApiOkResponse({ type: EmployeeView, description: 'The employee after the event.' })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, named in errors[].field')
  receive(@Body() body: unknown): Promise<EmployeeView> {
    const event = validateHrEvent(body);
    if (!event.ok) throw new InvalidRequestException(event.errors);
    return this.hr.receive(event.value);
  }
}
