import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponse,
  Audit,
  AuthenticatedBy,
  InvalidRequestException,
  SIGNATURE_HEADER,
} from '@meridian/service-kit';
import type { AuditNote } from '@meridian/service-kit';
import { EmployeeView, HrEventDto } from './dto/employee.dto.js';
import { validateHrEvent } from './hr-event.validation.js';
import { HR_SIGNATURE_SCHEME, HrSignatureGuard } from './hr-signature.guard.js';
import { HrService } from './hr.service.js';

@ApiTags('roster')
@Controller('hr')
export class HrEventsController {
  constructor(private readonly hr: HrService) {}

  @Post('events')
  @AuthenticatedBy(HR_SIGNATURE_SCHEME)
  @UseGuards(HrSignatureGuard)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'HR webhook: a hire, termination or transfer updates the roster',
    description:
      'Publishes EmployeeChanged on workforce.employee.v1. A repeated eventId is answered with the first result and changes nothing. Signed by the HR system, no bearer token: X-Meridian-Signature t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"> with HR_WEBHOOK_SECRET (several v1 while the secret rotates), t within HR_WEBHOOK_TOLERANCE_S of the server time.',
  })
  @ApiHeader({
    name: SIGNATURE_HEADER,
    required: true,
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=...]',
  })
  @ApiBody({ type: HrEventDto })
  @ApiOkResponse({ type: EmployeeView, description: 'The employee after the event.' })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, named in errors[].field')
  @ApiProblemResponse(
    HttpStatus.UNAUTHORIZED,
    'No, a malformed, a wrong or an expired signature (the detail says which)',
  )
  @ApiProblemResponse(HttpStatus.SERVICE_UNAVAILABLE, 'HR_WEBHOOK_SECRET is not set')
  receive(@Body() body: unknown, @Audit() audit: AuditNote): Promise<EmployeeView> {
    const event = validateHrEvent(body);
    if (!event.ok) throw new InvalidRequestException(event.errors);
    audit.businessKey = event.value.employeeId;
    return this.hr.receive(event.value);
  }
}
