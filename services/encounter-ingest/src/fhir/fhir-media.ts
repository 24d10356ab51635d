import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

export const FHIR_JSON = 'application/fhir+json';
/** Media types the FHIR writes read. */
export const FHIR_REQUEST_TYPES: readonly string[] = [FHIR_JSON, 'application/json'];
export const FHIR_MAX_BODY_BYTES = 1024 * 1024;

/** An OperationOutcome with one error issue. */
export function errorOutcome(
  code: OperationOutcomeIssue['code'],
  diagnostics: string,
): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

/** Writes a FHIR JSON answer (no body: 201/200 with headers only, as `return=minimal` asks). */
export function sendFhir(
  response: ServerResponse,
  status: number,
  body: string | Resource | undefined,
  headers: Readonly<Record<string, string | undefined>> = {},
): void {
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) response.setHeader(name, value);
  if (body === undefined) {
    response.end();
    return;
  }
  response.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Express middleware for `/fhir`: reads a POST or PUT body as text (any media type, at most 1 MiB) into
 * `request.body` before Nest's JSON parser would, so the FHIR edge parses it itself and answers
 * malformed JSON with an OperationOutcome rather than problem+json. Registered in main.ts.
 */
export function readFhirBody(
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  next: (error?: unknown) => void,
): void {
  if (request.method !== 'POST' && request.method !== 'PUT') {
    next();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= FHIR_MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('error', next);
  request.on('end', () => {
    if (size > FHIR_MAX_BODY_BYTES) {
      sendFhir(
        response,
        413,
        errorOutcome('too-long', `the body exceeds ${FHIR_MAX_BODY_BYTES} bytes`),
      );
      return;
    }
    request.body = Buffer.concat(chunks).toString('utf8');
    next();
  });
}
