import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Headers, HttpStatus, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Audit, Authorize, InvalidRequestException, ProblemException } from '@meridian/service-kit';
import type { AuditNote } from '@meridian/service-kit';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { captureStatus } from '../implants/implants.controller.js';
import { ImplantsService } from '../implants/implants.service.js';
import { FhirOutcomeFilter } from './fhir-outcome.filter.js';
import { FHIR_JSON } from './operation-outcome.js';
import { mapProcedure, NPI_SYSTEM } from './procedure.mapper.js';

/** Media types POST /fhir/Procedure reads. */
const FHIR_REQUEST_TYPES: readonly string[] = [FHIR_JSON, 'application/json'];
const MAX_BODY_BYTES = 1024 * 1024;

type FhirRequest = IncomingMessage & { readonly body?: unknown };

/**
 * The JSON of the request: parsed by the platform for application/json, read here for
 * application/fhir+json (which the platform's JSON parser leaves alone).
 */
async function readBody(request: FhirRequest, contentType: string | undefined): Promise<unknown> {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FHIR_REQUEST_TYPES.includes(media)) {
    throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, {
      detail: `the body must be ${FHIR_REQUEST_TYPES.join(' or ')}`,
    });
  }
  if (media === 'application/json') return request.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, {
        detail: `the body exceeds ${MAX_BODY_BYTES} bytes`,
      });
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new InvalidRequestException([{ field: 'Procedure', message: 'is not valid JSON' }]);
  }
}

const MAPPING =
  'One implant usage per focalDevice implanted (no action, or SNOMED CT 129338005 Surgical ' +
  'implantation), all captured in one transaction (all or none) with the rules of POST /implants: ' +
  '`manipulated` references a contained Device (`#id`) whose first udiCarrier gives the UDI ' +
  '(carrierHRF, or carrierAIDC base64) of any issuing agency. `encounter`: the visit number ' +
  'identifier (logical, or of a contained Encounter: type VN, else use usual) and its assigner ' +
  '(facility code) -> `<facility>:<visit>`. `performer[].actor`: the first NPI (identifier system ' +
  `${NPI_SYSTEM}, or of a contained Practitioner). \`performedDateTime\` or ` +
  '`performedPeriod.start` (with time and zone) -> usedAt. `location`: Location identifier or ' +
  'contained Location -> unitId. Procedure.id -> procedureRef and sourceReference; each usage id ' +
  'is derived from the Procedure id and the focalDevice index, so the same Procedure sent again ' +
  'answers 200 (409 when it changed). Only `completed` Procedures are captured (422). Answers an ' +
  'OperationOutcome: information issues naming each usage; on error, issues whose expression is ' +
  'the FHIRPath of the element and whose details carry the rule code (EXPIRED, RECALLED, ' +
  'SERIAL_ALREADY_IMPLANTED).';

@ApiTags('fhir')
@Controller('fhir')
@UseFilters(FhirOutcomeFilter)
export class FhirProcedureController {
  constructor(private readonly implants: ImplantsService) {}

  @Post('Procedure')
  @Authorize(['interface'])
  @ApiOperation({
    summary: 'Capture the implants of a completed FHIR R4 Procedure',
    description: MAPPING,
  })
  @ApiConsumes(FHIR_JSON, 'application/json')
  @ApiProduces(FHIR_JSON)
  @ApiBody({ description: 'A FHIR R4 Procedure with focalDevice and contained Devices' })
  @ApiResponse({ status: 201, description: 'Captured (OperationOutcome naming each usage)' })
  @ApiResponse({ status: 202, description: 'Captured, a device unknown to the item master' })
  @ApiResponse({ status: 200, description: 'The same Procedure was captured before' })
  @ApiResponse({ status: 400, description: 'OperationOutcome: invalid elements by FHIRPath' })
  @ApiResponse({
    status: 409,
    description: 'OperationOutcome: RECALLED, SERIAL_ALREADY_IMPLANTED, changed Procedure',
  })
  @ApiResponse({ status: 415, description: 'Not application/fhir+json or application/json' })
  @ApiResponse({
    status: 422,
    description: 'OperationOutcome: EXPIRED, not completed, not an implant',
  })
  async create(
    @Req() request: FhirRequest,
    @Headers('content-type') contentType: string | undefined,
    @Res() response: ServerResponse,
    @Audit() audit: AuditNote,
  ): Promise<void> {
    const now = new Date();
    const captures = mapProcedure(await readBody(request, contentType), now);
    audit.businessKey = captures[0]?.encounterId;
    const captured = await this.implants.capture(captures, now);
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: captured.map(({ created, usage }, index) => ({
        severity: 'information',
        code: 'informational',
        diagnostics:
          `implant usage ${usage.usageId} ${created ? 'captured' : 'captured before'} ` +
          `(status ${usage.status}, item ${usage.itemId ?? 'unknown to the item master'})`,
        expression: [captures[index]?.fieldNames.device ?? 'Procedure.focalDevice'],
      })),
    };
    response.statusCode = captureStatus(captured);
    response.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
    response.end(JSON.stringify(outcome));
  }
}
