import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AckCode } from '@meridian/hl7';
import type { Bundle, OperationOutcome } from '@medplum/fhirtypes';
import { IngestService } from '../ingest/ingest.service.js';
import type { IngestResult } from '../ingest/ingest.service.js';
import { ProtocolCodecs } from '../ingest/protocol-codecs.js';
import { bundlePath } from './fhir-bundle-references.js';
import { issue, refusal, Refusal } from './fhir-bundle.js';
import type { BundlePlan, EncounterWrite, PlannedEntry, WriteMethod } from './fhir-bundle.js';
import { errorOutcome } from './fhir-media.js';
import { responseEntry, succeeded } from './fhir-prefer.js';
import type { ReturnPreference, WriteResult } from './fhir-prefer.js';
import type { Notification } from './fhir-subscription.js';
import { isObject, prop, text } from './fhir-values.js';

/** A stored rejection's status: 400 the resource cannot be read as R4 (AR), else 422 (AE). */
const rejectionStatus = (ackCode: AckCode | null): number => (ackCode === 'AR' ? 400 : 422);

const REFERENCED: WriteResult = {
  status: 200,
  outcome: {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'information',
        code: 'informational',
        diagnostics: "read only to resolve the Encounter entries' references; not stored",
      },
    ],
  },
};

/** The answer to one Encounter write from the pipeline's stored message, with its encounter id. */
export function writeResultOf(result: IngestResult, method: WriteMethod): WriteResult {
  const { encounterId } = result.message;
  const answer = answerOf(result, method);
  return encounterId ? { ...answer, encounterId } : answer;
}

function answerOf(result: IngestResult, method: WriteMethod): WriteResult {
  const { message } = result;
  const outcome = message.ackText
    ? (JSON.parse(message.ackText) as OperationOutcome)
    : errorOutcome('exception', 'the message was not processed');
  switch (message.status) {
    case 'PROCESSED': {
      // A resend of a message whose payload was purged (MESSAGE_RETENTION_DAYS): no resource.
      if (message.rawPayload === null)
        return {
          status: 200,
          outcome,
          ...(message.controlId ? { location: message.controlId } : {}),
        };
      const resource: unknown = JSON.parse(message.rawPayload);
      const id = text(prop(resource, 'id')) ?? message.id;
      const version = text(prop(prop(resource, 'meta'), 'versionId'));
      return {
        status: method === 'POST' && !result.duplicate ? 201 : 200,
        outcome,
        resource: message.rawPayload,
        location: `Encounter/${id}${version ? `/_history/${version}` : ''}`,
        ...(version ? { etag: `W/"${version}"` } : {}),
      };
    }
    case 'REJECTED':
      return { status: rejectionStatus(message.ackCode), outcome };
    case 'FAILED':
      return { status: 503, outcome };
    case 'RECEIVED':
      return { status: 500, outcome }; // never: the pipeline always ends in another status
  }
}

/** An entry's OperationOutcome with its paths as paths of the Bundle the client sent. */
function inBundle(outcome: OperationOutcome, write: EncounterWrite): OperationOutcome {
  return {
    ...outcome,
    issue: (outcome.issue ?? []).map((i) => {
      const where = i.expression?.[0];
      if (!where) return i;
      const path = bundlePath(where, write.index, write.origins);
      const diagnostics = i.diagnostics?.startsWith(where)
        ? `${path}${i.diagnostics.slice(where.length)}`
        : i.diagnostics;
      return { ...i, expression: [path], ...(diagnostics ? { diagnostics } : {}) };
    }),
  };
}

/** All the issues of several outcomes in one. */
function merged(outcomes: readonly OperationOutcome[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: outcomes.flatMap((o) => o.issue ?? []) };
}

/** What answers a refused request or a notification: a status and an OperationOutcome. */
export interface OutcomeAnswer {
  readonly status: number;
  readonly outcome: OperationOutcome;
}

/**
 * The FHIR interactions that write Encounters (create, update, batch, transaction, subscription
 * notification), each Encounter through the one ingest pipeline (stored, deduplicated, mapped,
 * published, answered).
 */
@Injectable()
export class FhirWrites {
  constructor(
    private readonly ingest: IngestService,
    private readonly codecs: ProtocolCodecs,
  ) {}

  /** POST /fhir/Encounter, or PUT of an Encounter already checked against its URL. */
  async write(raw: string, method: WriteMethod): Promise<WriteResult> {
    return writeResultOf(await this.ingest.ingest(this.codecs.fhir, raw), method);
  }

  /** PUT /fhir/Encounter/:id: the body's id must be the URL's (R4 http.html#update). */
  async update(id: string, raw: string): Promise<WriteResult> {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined; // the pipeline stores and refuses it
    }
    if (isObject(body) && body['resourceType'] === 'Encounter' && text(body['id']) !== id)
      return refusal(400, [issue('structure', 'Encounter.id', 'must equal the id in the URL')]);
    return this.write(raw, 'PUT');
  }

  /**
   * A transaction: every entry is checked first, and one that cannot be processed refuses the
   * whole Bundle (nothing published); then the writes run in the order R4 prescribes (POST, then
   * PUT, each in Bundle order). Kafka or the database failing midway answers 503 with the entries
   * before already published: resending the Bundle answers those 200 and publishes them again
   * only when they carry no id and meta.versionId (see the pipeline's deduplication).
   */
  async transaction(plan: BundlePlan, preference?: ReturnPreference): Promise<Bundle | Refusal> {
    const refused = plan.entries.flatMap((e) => (e.kind === 'refused' ? [e] : []));
    if (refused[0]) return new Refusal(refused[0].status, merged(refused.map((e) => e.outcome)));
    const writes = plan.entries.flatMap((e) => (e.kind === 'encounter' ? [e] : []));
    const rejected = writes.flatMap((write) => this.precheck(write) ?? []);
    if (rejected.length > 0) {
      const status = rejected.some((r) => r.status === 400) ? 400 : 422;
      return new Refusal(status, merged(rejected.map((r) => r.outcome)));
    }
    const ordered = [
      ...writes.filter((w) => w.method === 'POST'),
      ...writes.filter((w) => w.method === 'PUT'),
    ];
    const results = new Map<number, WriteResult>();
    for (const write of ordered) {
      const result = await this.writeEntry(write);
      if (!succeeded(result)) return new Refusal(result.status, result.outcome);
      results.set(write.index, result);
    }
    return responseBundle('transaction-response', plan.entries, results, preference);
  }

  /** A batch: each entry on its own, in Bundle order; always 200 with each entry's answer. */
  async batch(plan: BundlePlan, preference?: ReturnPreference): Promise<Bundle> {
    return responseBundle(
      'batch-response',
      plan.entries,
      await this.writeAll(plan.entries),
      preference,
    );
  }

  /**
   * A subscription notification: handshake, heartbeat and queries are acknowledged; the Encounters
   * of an event-notification are processed as updates. 200 when all were processed, else the
   * status of the first that was not (503 first: resend), with every entry's issues.
   */
  async notification(notification: Notification): Promise<OutcomeAnswer> {
    const results = [...(await this.writeAll(notification.entries)).values()];
    const failed = results.find((r) => r.status === 503) ?? results.find((r) => !succeeded(r));
    const acknowledged: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'information',
          code: 'informational',
          diagnostics: `${notification.type} received: ${results.length} entries processed`,
        },
      ],
    };
    return {
      status: failed?.status ?? 200,
      outcome: merged([acknowledged, ...results.map((r) => r.outcome)]),
    };
  }

  /** Every Encounter write and refusal of `entries` by entry index (references are skipped). */
  private async writeAll(entries: readonly PlannedEntry[]): Promise<Map<number, WriteResult>> {
    const results = new Map<number, WriteResult>();
    for (const entry of entries) {
      if (entry.kind === 'encounter') results.set(entry.index, await this.writeEntry(entry));
      if (entry.kind === 'refused') results.set(entry.index, entry);
    }
    return results;
  }

  private async writeEntry(write: EncounterWrite): Promise<WriteResult> {
    const result = await this.write(write.raw, write.method);
    return { ...result, outcome: inBundle(result.outcome, write) };
  }

  /** Why an entry would be rejected (the pure interpretation alone), if it would. */
  private precheck(write: EncounterWrite): OutcomeAnswer | undefined {
    const context = { receivedAt: new Date(), messageId: randomUUID() };
    const { result, answer } = this.codecs.fhir.interpret(write.raw, context);
    if (!('issues' in result)) return undefined;
    const rejection = answer({ status: 'REJECTED', issues: result.issues });
    return {
      status: rejectionStatus(rejection.code),
      outcome: inBundle(JSON.parse(rejection.text) as OperationOutcome, write),
    };
  }
}

/** The transaction-response or batch-response: one entry per request entry, in order. */
function responseBundle(
  type: 'transaction-response' | 'batch-response',
  entries: readonly PlannedEntry[],
  results: ReadonlyMap<number, WriteResult>,
  preference: ReturnPreference | undefined,
): Bundle {
  return {
    resourceType: 'Bundle',
    type,
    entry: entries.map((entry) =>
      responseEntry(results.get(entry.index) ?? REFERENCED, preference),
    ),
  };
}
