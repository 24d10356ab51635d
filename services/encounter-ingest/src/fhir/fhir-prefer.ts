// What a write answers (FHIR R4 http.html#ins-return): `Prefer: return=minimal | representation |
// OperationOutcome`, for a single request and for each entry of a batch or transaction.
import { STATUS_CODES } from 'node:http';
import type { BundleEntry, OperationOutcome } from '@medplum/fhirtypes';

export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

/** The outcome of one Encounter write, whatever the interaction that carried it. */
export interface WriteResult {
  /** HTTP status: 201/200 done, 400 invalid, 422 not processable, 503 Kafka did not take it. */
  readonly status: number;
  readonly outcome: OperationOutcome;
  /** The Encounter as stored (JSON text), on success. */
  readonly resource?: string;
  /** `Encounter/<id>[/_history/<versionId>]`, on success. */
  readonly location?: string;
  /** `W/"<versionId>"`, on success when the Encounter has meta.versionId. */
  readonly etag?: string;
  /** The facility-qualified encounter id, once the Encounter was read that far (the audit's key). */
  readonly encounterId?: string;
}

/** The `return` preference of a Prefer header; undefined when absent (the default: outcome). */
export function returnPreference(prefer: string | undefined): ReturnPreference | undefined {
  const match =
    /(?:^|[\s,;])return\s*=\s*"?(minimal|representation|OperationOutcome)"?(?=$|[\s,;])/.exec(
      prefer ?? '',
    );
  return match?.[1] as ReturnPreference | undefined;
}

export const succeeded = (result: WriteResult): boolean => result.status < 300;

/**
 * The body of a single write's answer: errors always carry their OperationOutcome; a success
 * carries nothing (minimal), the Encounter (representation) or the OperationOutcome listing the
 * published event (OperationOutcome, the default).
 */
export function answerBody(
  result: WriteResult,
  preference: ReturnPreference | undefined,
): string | undefined {
  if (!succeeded(result) || preference === undefined || preference === 'OperationOutcome')
    return JSON.stringify(result.outcome);
  return preference === 'minimal' ? undefined : result.resource;
}

/** `201 Created`, as Bundle.entry.response.status reads. */
export function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/** One entry of a batch-response / transaction-response Bundle, shaped by the preference. */
export function responseEntry(
  result: WriteResult,
  preference: ReturnPreference | undefined,
): BundleEntry {
  const ok = succeeded(result);
  const withOutcome = !ok || preference === undefined || preference === 'OperationOutcome';
  const resource = ok && preference === 'representation' && result.resource;
  return {
    ...(resource ? { resource: JSON.parse(resource) as BundleEntry['resource'] } : {}),
    response: {
      status: statusLine(result.status),
      ...(result.location ? { location: result.location } : {}),
      ...(result.etag ? { etag: result.etag } : {}),
      ...(withOutcome ? { outcome: result.outcome } : {}),
    },
  };
}
