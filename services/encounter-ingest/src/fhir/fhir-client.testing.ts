// Requests to the FHIR endpoint of an encounter-ingest process, for the integration tests.
import { randomBytes } from 'node:crypto';
import type { BundleEntry, Encounter, OperationOutcome } from '@medplum/fhirtypes';
import type { IngestProcess } from '../testing/ingest-process.js';

/** A visit number no other test uses. */
export const newVisit = (): string => `VF${randomBytes(5).toString('hex').toUpperCase()}`;

export interface FhirAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly location: string | null;
  /** The body as an OperationOutcome (empty when there is no body). */
  readonly outcome: OperationOutcome;
  readonly text: string;
}

/** Sends `body` as application/fhir+json (unless `headers` say otherwise). */
export async function fhirSend(
  ingest: IngestProcess,
  method: 'POST' | 'PUT',
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<FhirAnswer> {
  const response = await ingest.service.fetch(path, {
    method,
    headers: { 'content-type': 'application/fhir+json', ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    location: response.headers.get('location'),
    outcome: (text ? JSON.parse(text) : {}) as OperationOutcome,
    text,
  };
}

/** The Bundle entry that creates (POST) or updates (PUT) an Encounter. */
export function encounterEntry(method: 'POST' | 'PUT', resource: Encounter): BundleEntry {
  return {
    resource,
    request: { method, url: method === 'POST' ? 'Encounter' : `Encounter/${resource.id ?? ''}` },
  };
}
