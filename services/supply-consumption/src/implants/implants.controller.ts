import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  actorOf,
  ApiProblemResponse,
  Audit,
  Authorize,
  CurrentCaller,
  requireRole,
} from '@meridian/service-kit';
import type { AuditNote, Caller } from '@meridian/service-kit';
import { parseUsageIdParam } from '../usage/usage.requests.js';
import {
  CaptureImplantDto,
  ImplantUsageDto,
  ImplantUsageListDto,
  ReverseImplantDto,
} from './dto/implant.dto.js';
import {
  parseCaptureImplant,
  parseListImplantsQuery,
  parseReverseImplant,
} from './implant.requests.js';
import type { ImplantUsageView } from './implant.views.js';
import { ImplantsService } from './implants.service.js';
import type { CapturedImplant } from './implants.service.js';

/** The part of the HTTP response a handler sets besides its body. */
interface CaptureResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/**
 * 201 captured with its item, 202 captured for a device the item master does not know (the
 * saga holds it for supply chain), 200 a retry of an earlier capture.
 */
export function captureStatus(captured: readonly CapturedImplant[]): number {
  if (captured.every((c) => !c.created)) return HttpStatus.OK;
  return captured.some((c) => c.created && c.usage.itemId === null)
    ? HttpStatus.ACCEPTED
    : HttpStatus.CREATED;
}

@ApiTags('implants')
@Controller('implants')
export class ImplantsController {
  constructor(private readonly implants: ImplantsService) {}

  @Post()
  @Authorize(['supply-tech', 'supply-supervisor'])
  @ApiOperation({
    summary: 'Capture an implant used at the point of care (starts implant-to-invoice)',
    description:
      'The usage is stored and ImplantUsed is published on supply.usage.v1 (key: serial number, ' +
      'else <deviceIdentifier>:<lot>) in one transaction. Checked in this order: the item (422 ' +
      'when it is not an implant or inactive), expiry (422 EXPIRED when the expiry date is before ' +
      'the day of use in FACILITY_TIMEZONE), active recalls (409 RECALLED with recallNumbers, ' +
      'unless the request has recallOverride { reason }, which takes the role supply-supervisor ' +
      '(403 without it) and is recorded as made by the caller), the serial (409 when a usage not ' +
      'reversed holds it, naming it).',
  })
  @ApiBody({ type: CaptureImplantDto })
  @ApiCreatedResponse({ type: ImplantUsageDto, description: 'Captured; ImplantUsed published' })
  @ApiAcceptedResponse({
    type: ImplantUsageDto,
    description:
      'Captured for a device the item master does not know (itemId null): ImplantUsed published, ' +
      'the saga holds it in the supply-chain work queue until the item is added',
  })
  @ApiOkResponse({ type: ImplantUsageDto, description: 'The same request was captured before' })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'Invalid body (the fields are named; a UDI that does not parse names its part)',
  )
  @ApiProblemResponse(
    HttpStatus.FORBIDDEN,
    'recallOverride given by a caller without the role supply-supervisor',
  )
  @ApiProblemResponse(
    HttpStatus.CONFLICT,
    'code RECALLED; code SERIAL_ALREADY_IMPLANTED (usageId of the earlier usage); usageId taken by another request',
  )
  @ApiProblemResponse(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'code EXPIRED; not an implant; inactive item',
  )
  async capture(
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
    @Res({ passthrough: true }) response: CaptureResponse,
  ): Promise<ImplantUsageView> {
    const now = new Date();
    const capture = parseCaptureImplant(body, now, actorOf(caller));
    audit.businessKey = capture.encounterId;
    if (capture.recallOverride) requireRole(caller, 'supply-supervisor', 'a recall override');
    const captured = await this.implants.capture([capture], now);
    const [first] = captured;
    if (!first) throw new Error('a capture answered no usage');
    response.status(captureStatus(captured));
    response.setHeader('Location', `/implants/${first.usage.usageId}`);
    return first.usage;
  }

  @Get()
  @Authorize(['supply-tech', 'supply-supervisor', 'revenue-integrity'])
  @ApiOperation({
    summary: 'Implant usages matching every filter, in order of use (at least one filter)',
    description:
      'The recall question "which patients received this lot": GET /implants?deviceIdentifier=&lot= ' +
      'answers each usage with its encounter, time of use, status, surgeon NPI and unit.',
  })
  @ApiQuery({ name: 'lot', required: false })
  @ApiQuery({ name: 'deviceIdentifier', required: false })
  @ApiQuery({ name: 'serial', required: false })
  @ApiQuery({ name: 'encounterId', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiOkResponse({ type: ImplantUsageListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'No filter, or an invalid one')
  async list(@Query() query: Record<string, unknown>): Promise<ImplantUsageListDto> {
    return { items: await this.implants.list(parseListImplantsQuery(query)) };
  }

  @Get(':usageId')
  @Authorize(['supply-tech', 'supply-supervisor', 'revenue-integrity'])
  @ApiOperation({ summary: 'One implant usage' })
  @ApiParam({ name: 'usageId', format: 'uuid' })
  @ApiOkResponse({ type: ImplantUsageDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No implant usage with this id')
  get(@Param('usageId') usageId: string): Promise<ImplantUsageView> {
    return this.implants.get(parseUsageIdParam(usageId));
  }

  @Post(':usageId/reverse')
  @Authorize(['supply-tech', 'supply-supervisor'])
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Reverse an implant usage',
    description:
      'Publishes ImplantUsageReversed with the reason. SCANNED_IN_ERROR and WRONG_ENCOUNTER ' +
      'cancel the implant-to-invoice saga: its compensation restores the stock and sets REVERSED ' +
      '(the reason and time are recorded at once; the serial may be captured again at once). ' +
      'NOT_IMPLANTED (opened, wasted): status NOT_IMPLANTED at once, the saga goes on (the ' +
      'supplier is paid), revenue-cycle reverses the patient charge, the stock is not restored.',
  })
  @ApiParam({ name: 'usageId', format: 'uuid' })
  @ApiBody({ type: ReverseImplantDto })
  @ApiAcceptedResponse({ type: ImplantUsageDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'Invalid reason')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No implant usage with this id')
  @ApiProblemResponse(
    HttpStatus.CONFLICT,
    'Already reversed; or the saga completed (a credit and a charge correction are needed)',
  )
  async reverse(
    @Param('usageId') usageId: string,
    @Body() body: unknown,
    @Audit() audit: AuditNote,
  ): Promise<ImplantUsageView> {
    const reversed = await this.implants.reverse(
      parseUsageIdParam(usageId),
      parseReverseImplant(body),
    );
    audit.businessKey = reversed.encounterId;
    return reversed;
  }
}
