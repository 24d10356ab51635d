import { HttpException, HttpStatus } from '@nestjs/common';
import { ProblemException } from '@meridian/service-kit';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export const FHIR_JSON = 'application/fhir+json';
/** The system of the rule codes (EXPIRED, RECALLED...) an issue's details carry. */
export const PROBLEM_CODE_SYSTEM = 'urn:meridian:supply:implant-rule';

/** The OperationOutcome issue code of a refused request's status. */
function issueCode(status: number, ruleCode: unknown): OperationOutcomeIssue['code'] {
  if (ruleCode === 'SERIAL_ALREADY_IMPLANTED') return 'duplicate';
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return 'invalid';
    case HttpStatus.UNAUTHORIZED:
      return 'login';
    case HttpStatus.FORBIDDEN:
      return 'forbidden';
    case HttpStatus.NOT_FOUND:
      return 'not-found';
    case HttpStatus.CONFLICT:
      return ruleCode === undefined ? 'conflict' : 'business-rule';
    case HttpStatus.UNPROCESSABLE_ENTITY:
      return 'business-rule';
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return 'too-long';
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return 'not-supported';
    default:
      return status >= 500 ? 'exception' : 'processing';
  }
}

/**
 * The OperationOutcome of a refused FHIR request: one error issue per field the problem names
 * (its field is the element's FHIRPath, in `expression`), its rule code (EXPIRED, RECALLED...) in
 * `details`; a problem without fields is one issue with its detail.
 */
export function outcomeOf(exception: unknown): { status: number; outcome: OperationOutcome } {
  if (!(exception instanceof HttpException)) {
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'exception',
            diagnostics: 'the server could not process the request; send it again later',
          },
        ],
      },
    };
  }
  const status = exception.getStatus();
  const problem: Readonly<Record<string, unknown>> =
    exception instanceof ProblemException ? exception.problem : {};
  const ruleCode = problem['code'];
  const code = issueCode(status, ruleCode);
  const details =
    typeof ruleCode === 'string'
      ? {
          details: {
            coding: [{ system: PROBLEM_CODE_SYSTEM, code: ruleCode }],
            text: String(problem['title'] ?? ruleCode),
          },
        }
      : {};
  const errors = exception instanceof ProblemException ? (exception.problem.errors ?? []) : [];
  const detail =
    exception instanceof ProblemException ? exception.problem.detail : exception.message;
  const issue: OperationOutcomeIssue[] =
    errors.length > 0
      ? errors.map((e) => ({
          severity: 'error',
          code,
          ...details,
          diagnostics:
            status === HttpStatus.BAD_REQUEST ? `${e.field} ${e.message}` : (detail ?? e.message),
          expression: [e.field],
        }))
      : [{ severity: 'error', code, ...details, diagnostics: detail ?? exception.message }];
  return { status, outcome: { resourceType: 'OperationOutcome', issue } };
}
