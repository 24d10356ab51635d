import type { ServerResponse } from 'node:http';
import { Controller, Headers, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { IngestService } from '../ingest/ingest.service.js';
import type { IngestResult } from '../ingest/ingest.service.js';
import { ProtocolCodecs } from '../ingest/protocol-codecs.js';
import { OperationOutcomeDto } from './dto/operation-outcome.dto.js';
import { EXAMPLE_ENCOUNTER, FHIR_MAPPING } from './fhir.docs.js';
import { errorOutcome, FHIR_JSON, FHIR_REQUEST_TYPES, mediaType, sendFhir } from './fhir-media.js';
import { FhirOutcomeFilter } from './fhir-outcome.filter.js';

/** 201 new, 200 a repeat of a processed version, 400 invalid, 503 Kafka did not take it. */
function statusOf(result: IngestResult): number {
  switch (result.message.status) {
    case 'PROCESSED':
      return result.duplicate ? 200 : 201;
    case 'REJECTED':
      return 400;
    case 'FAILED':
      return 503;
    case 'RECEIVED':
      return 500; // never: the pipeline always ends in one of the other statuses
  }
}

@ApiTags('fhir')
@Controller('fhir')
@UseFilters(FhirOutcomeFilter)
export class FhirController {
  constructor(
    private readonly ingest: IngestService,
    private readonly codecs: ProtocolCodecs,
  ) {}

  @Post('Encounter')
  @ApiOperation({
    summary: 'Receive a FHIR R4 Encounter as a canonical encounter event',
    description: FHIR_MAPPING,
  })
  @ApiConsumes(...FHIR_REQUEST_TYPES)
  @ApiProduces(FHIR_JSON)
  @ApiBody({
    description: 'A FHIR R4 Encounter (JSON)',
    schema: { type: 'object', example: EXAMPLE_ENCOUNTER },
  })
  @ApiCreatedResponse({
    description: 'The event was published: an informational OperationOutcome lists its id',
    type: OperationOutcomeDto,
  })
  @ApiOkResponse({
    description:
      'This Encounter version was processed before: the same OperationOutcome, nothing published again',
    type: OperationOutcomeDto,
  })
  @ApiBadRequestResponse({
    description: 'Invalid Encounter: one error issue per problem, with its FHIRPath expression',
    type: OperationOutcomeDto,
  })
  @ApiUnsupportedMediaTypeResponse({
    description: 'Not application/fhir+json or application/json',
    type: OperationOutcomeDto,
  })
  @ApiPayloadTooLargeResponse({ description: 'Body over 1 MiB', type: OperationOutcomeDto })
  @ApiServiceUnavailableResponse({
    description: 'Kafka did not take the event; send the request again',
    type: OperationOutcomeDto,
  })
  async create(
    @Req() request: { readonly body?: unknown },
    @Headers('content-type') contentType: string | undefined,
    @Res() response: ServerResponse,
  ): Promise<void> {
    if (!FHIR_REQUEST_TYPES.includes(mediaType(contentType))) {
      sendFhir(
        response,
        415,
        errorOutcome('not-supported', `the body must be ${FHIR_REQUEST_TYPES.join(' or ')}`),
      );
      return;
    }
    const raw = typeof request.body === 'string' ? request.body : '';
    const result = await this.ingest.ingest(this.codecs.fhir, raw);
    sendFhir(response, statusOf(result), result.message.ackText ?? '');
  }
}
