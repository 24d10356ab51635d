import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import {
  applyDecorators,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Audit, Authorize, Public } from '@meridian/service-kit';
import type { AuditNote } from '@meridian/service-kit';
import { OperationOutcomeDto } from './dto/operation-outcome.dto.js';
import { planBundle, Refusal } from './fhir-bundle.js';
import { capabilityStatement, NOTIFICATION_PATH } from './fhir-capability.js';
import {
  BUNDLE_DESCRIPTION,
  FHIR_MAPPING,
  NOTIFICATION_DESCRIPTION,
  PREFER_DESCRIPTION,
} from './fhir.docs.js';
import { EXAMPLE_ENCOUNTER, EXAMPLE_NOTIFICATION, EXAMPLE_TRANSACTION } from './fhir.examples.js';
import { errorOutcome, FHIR_JSON, FHIR_REQUEST_TYPES, mediaType, sendFhir } from './fhir-media.js';
import { FhirOutcomeFilter } from './fhir-outcome.filter.js';
import { answerBody, returnPreference } from './fhir-prefer.js';
import type { WriteResult } from './fhir-prefer.js';
import { planNotification } from './fhir-subscription.js';
import { FhirWrites } from './fhir-writes.service.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
const STARTED = new Date().toISOString();

type FhirRequest = { readonly body?: unknown };

/** The request body read by `readFhirBody`, or undefined (after a 415) when its media type is not FHIR JSON. */
function bodyOf(
  request: FhirRequest,
  contentType: string | undefined,
  response: ServerResponse,
): string | undefined {
  if (FHIR_REQUEST_TYPES.includes(mediaType(contentType)))
    return typeof request.body === 'string' ? request.body : '';
  const problem = `the body must be ${FHIR_REQUEST_TYPES.join(' or ')}`;
  sendFhir(response, 415, errorOutcome('not-supported', problem));
  return undefined;
}

/** Answers a single Encounter write; its encounter id, once known, keys the call's audit record. */
function sendWrite(
  response: ServerResponse,
  result: WriteResult,
  prefer: string | undefined,
  audit: AuditNote,
): void {
  if (result.encounterId) audit.businessKey = result.encounterId;
  sendFhir(response, result.status, answerBody(result, returnPreference(prefer)), {
    Location: result.location && `/fhir/${result.location}`,
    ETag: result.etag,
  });
}

/** Who writes Encounters: the interface engine. */
const INTERFACE = ['interface'] as const;

/** The Prefer header of create, update, batch and transaction. */
const PreferHeader = (): MethodDecorator =>
  ApiHeader({ name: 'Prefer', required: false, description: PREFER_DESCRIPTION });

/** What every FHIR write may answer besides its success. */
function FhirErrorResponses(): MethodDecorator {
  return applyDecorators(
    ApiConsumes(...FHIR_REQUEST_TYPES),
    ApiProduces(FHIR_JSON),
    ApiBadRequestResponse({
      description:
        'Not valid FHIR R4 JSON (base StructureDefinitions): one error issue per problem, its expression the element path',
      type: OperationOutcomeDto,
    }),
    ApiUnprocessableEntityResponse({
      description:
        'Valid R4 that this interface cannot map (missing visit number, a location that resolves to no unit...): one error issue per problem with its expression',
      type: OperationOutcomeDto,
    }),
    ApiUnsupportedMediaTypeResponse({
      description: 'Not application/fhir+json or application/json',
      type: OperationOutcomeDto,
    }),
    ApiPayloadTooLargeResponse({ description: 'Body over 1 MiB', type: OperationOutcomeDto }),
    ApiServiceUnavailableResponse({
      description: 'Kafka did not take the event; send the request again',
      type: OperationOutcomeDto,
    }),
    ApiUnauthorizedResponse({
      description: 'No valid bearer token (issue code login; WWW-Authenticate says why)',
      type: OperationOutcomeDto,
    }),
    ApiForbiddenResponse({
      description: 'The token has not the role interface (issue code forbidden)',
      type: OperationOutcomeDto,
    }),
  );
}

/**
 * The interface engine writes Encounters (role `interface`); the CapabilityStatement is public (it
 * holds no data).
 */
@ApiTags('fhir')
@Controller('fhir')
@UseFilters(FhirOutcomeFilter)
export class FhirController {
  constructor(private readonly writes: FhirWrites) {}

  @Get('metadata')
  @Public()
  @ApiOperation({ summary: 'The CapabilityStatement of this FHIR R4 endpoint' })
  @ApiProduces(FHIR_JSON)
  @ApiOkResponse({ description: 'CapabilityStatement (fhirVersion 4.0.1, json)' })
  metadata(@Res() response: ServerResponse): void {
    sendFhir(response, 200, capabilityStatement(VERSION, STARTED));
  }

  @Post('Encounter')
  @Authorize(INTERFACE)
  @ApiOperation({
    summary: 'Create: a FHIR R4 Encounter as a canonical encounter event',
    description: FHIR_MAPPING,
  })
  @ApiBody({
    description: 'A FHIR R4 Encounter (JSON)',
    schema: { type: 'object', example: EXAMPLE_ENCOUNTER },
  })
  @ApiCreatedResponse({
    description:
      'The event was published: an informational OperationOutcome lists its id (Prefer: the Encounter, or nothing); Location and ETag headers',
    type: OperationOutcomeDto,
  })
  @ApiOkResponse({
    description:
      'This Encounter version was processed before: the same answer, nothing published again',
    type: OperationOutcomeDto,
  })
  @PreferHeader()
  @FhirErrorResponses()
  async create(
    @Req() request: FhirRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res() response: ServerResponse,
    @Audit() audit: AuditNote,
  ): Promise<void> {
    const raw = bodyOf(request, contentType, response);
    if (raw !== undefined) sendWrite(response, await this.writes.write(raw, 'POST'), prefer, audit);
  }

  @Put('Encounter/:id')
  @Authorize(INTERFACE)
  @ApiOperation({
    summary: 'Update: a FHIR R4 Encounter (a status change) as a canonical encounter event',
    description: `The body's id must be the URL's (else 400). Processed as create is; answered 200 (this server keeps no resources, so an update is never told from an update-as-create).\n\n${FHIR_MAPPING}`,
  })
  @ApiBody({
    description: 'A FHIR R4 Encounter (JSON) with id',
    schema: { type: 'object', example: EXAMPLE_ENCOUNTER },
  })
  @ApiOkResponse({
    description:
      'The event was published (or this version was before): an informational OperationOutcome lists its id (Prefer: the Encounter, or nothing); Location and ETag headers',
    type: OperationOutcomeDto,
  })
  @PreferHeader()
  @FhirErrorResponses()
  async update(
    @Param('id') id: string,
    @Req() request: FhirRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res() response: ServerResponse,
    @Audit() audit: AuditNote,
  ): Promise<void> {
    const raw = bodyOf(request, contentType, response);
    if (raw !== undefined) sendWrite(response, await this.writes.update(id, raw), prefer, audit);
  }

  @Post()
  @Authorize(INTERFACE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Batch or transaction of Encounter writes',
    description: BUNDLE_DESCRIPTION,
  })
  @ApiBody({
    description: 'A FHIR R4 Bundle of type transaction or batch',
    schema: { type: 'object', example: EXAMPLE_TRANSACTION },
  })
  @ApiOkResponse({
    description: 'A transaction-response or batch-response Bundle: one entry per request entry',
  })
  @PreferHeader()
  @FhirErrorResponses()
  async bundle(
    @Req() request: FhirRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const raw = bodyOf(request, contentType, response);
    if (raw === undefined) return;
    const plan = planBundle(raw);
    const preference = returnPreference(prefer);
    const answer =
      plan instanceof Refusal
        ? plan
        : plan.type === 'transaction'
          ? await this.writes.transaction(plan, preference)
          : await this.writes.batch(plan, preference);
    if (answer instanceof Refusal) sendFhir(response, answer.status, answer.outcome);
    else sendFhir(response, 200, answer);
  }

  @Post(NOTIFICATION_PATH)
  @Authorize(INTERFACE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'R4 Subscription notifications (Subscriptions R5 Backport IG, rest-hook)',
    description: NOTIFICATION_DESCRIPTION,
  })
  @ApiBody({
    description: 'A subscription-notification Bundle (type history)',
    schema: { type: 'object', example: EXAMPLE_NOTIFICATION },
  })
  @ApiOkResponse({
    description: 'Acknowledged; the notified Encounters were processed: an OperationOutcome',
    type: OperationOutcomeDto,
  })
  @FhirErrorResponses()
  async notify(
    @Req() request: FhirRequest,
    @Headers('content-type') contentType: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const raw = bodyOf(request, contentType, response);
    if (raw === undefined) return;
    const notification = planNotification(raw);
    const answer =
      notification instanceof Refusal ? notification : await this.writes.notification(notification);
    sendFhir(response, answer.status, answer.outcome);
  }
}
