import { encounterIdOf } from '@meridian/contracts';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { toEncounterEvent } from '../encounters/encounter-events.js';
import type { IngestIssue, IssueKind } from '../encounters/encounter-facts.js';
import { ackCodeOf } from '../ingest/protocol.js';
import type {
  Answer,
  Interpretation,
  MessageIdentity,
  Outcome,
  ProtocolCodec,
  ReceiptContext,
} from '../ingest/protocol.js';
import { mapEncounter, visitNumberOf } from './encounter-mapper.js';
import { isObject, prop, text } from './fhir-values.js';
import { indexR4Definitions, structuralIssues } from './fhir-validation.js';
import type { JsonObject } from './fhir-values.js';

/** The code system of the event ids listed in a success OperationOutcome. */
export const EVENT_ID_SYSTEM = 'urn:meridian:clinical.encounter.v1:message-id';

const ISSUE_TYPES: Readonly<Record<IssueKind, OperationOutcomeIssue['code']>> = {
  required: 'required',
  datatype: 'value',
  code: 'code-invalid',
  structure: 'structure',
  'unsupported-type': 'not-supported',
  'unsupported-event': 'not-supported',
  'unsupported-version': 'not-supported',
  internal: 'transient',
};

const EMPTY: MessageIdentity = {
  controlId: null,
  sendingApplication: null,
  sendingFacility: null,
  messageType: null,
  encounterId: null,
  processingId: null,
};

/**
 * The dedupe key of a FHIR Encounter: `Encounter/<id>/_history/<meta.versionId>` when the request
 * has both (a client re-posting that version is answered with the stored outcome); without them
 * every request is processed.
 */
export function controlIdOf(encounter: JsonObject): string | null {
  const id = text(encounter['id']);
  const version = text(prop(encounter['meta'], 'versionId'));
  return id && version ? `Encounter/${id}/_history/${version}` : null;
}

function identify(encounter: JsonObject, defaultFacility: string): MessageIdentity {
  const visit = visitNumberOf(encounter, defaultFacility);
  const status = text(encounter['status']);
  return {
    controlId: controlIdOf(encounter),
    sendingApplication: text(prop(encounter['meta'], 'source')) ?? null,
    sendingFacility: null,
    messageType: status ? `Encounter.${status}` : 'Encounter',
    encounterId: visit ? encounterIdOf(visit) : null,
    processingId: null,
  };
}

/** One error issue per problem, with its FHIRPath expression when it names an element. */
export function rejectionOutcome(issues: readonly IngestIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((issue) => ({
      severity: 'error',
      code: ISSUE_TYPES[issue.kind],
      diagnostics: issue.message,
      ...(/^(Encounter|Bundle)\b/.test(issue.where) ? { expression: [issue.where] } : {}),
    })),
  };
}

/** The OperationOutcome of an outcome: the published event ids, or one issue per problem. */
function operationOutcome(outcome: Outcome, record: string | undefined): OperationOutcome {
  if (outcome.status === 'PROCESSED') {
    return {
      resourceType: 'OperationOutcome',
      issue: outcome.eventIds.map((id) => ({
        severity: 'information',
        code: 'informational',
        details: {
          coding: [{ system: EVENT_ID_SYSTEM, code: id, ...(record ? { display: record } : {}) }],
        },
        diagnostics: `${record ?? 'event'} ${id} published to clinical.encounter.v1`,
      })),
    };
  }
  return rejectionOutcome(outcome.issues);
}

/**
 * FHIR R4 Encounter (JSON): checks it against the base R4 StructureDefinitions (structure issues:
 * AR, HTTP 400), then maps it (see `mapEncounter`; its problems: AE, HTTP 422), and answers with
 * an OperationOutcome listing the published event ids, or one error issue per problem with its
 * FHIRPath expression.
 */
export class FhirCodec implements ProtocolCodec {
  readonly protocol = 'FHIR' as const;

  constructor(
    private readonly options: { readonly timeZone: string; readonly defaultFacility: string },
  ) {
    indexR4Definitions();
  }

  interpret(raw: string, context: ReceiptContext): Interpretation {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return this.rejected(EMPTY, [
        { kind: 'structure', where: 'body', message: 'body is not valid JSON' },
      ]);
    }
    if (!isObject(body) || body['resourceType'] !== 'Encounter') {
      return this.rejected(EMPTY, [
        {
          kind: 'structure',
          where: 'Encounter.resourceType',
          message: 'Encounter.resourceType must be Encounter',
        },
      ]);
    }
    const identity = identify(body, this.options.defaultFacility);
    const structural = structuralIssues(body);
    if (structural.length > 0) return this.rejected(identity, structural);
    const id = text(body['id']);
    const mapped = mapEncounter(body, {
      timeZone: this.options.timeZone,
      defaultFacility: this.options.defaultFacility,
      receivedAt: context.receivedAt,
      sourceControlId:
        identity.controlId ?? (id ? `Encounter/${id}` : `urn:uuid:${context.messageId}`),
    });
    if ('issues' in mapped) return this.rejected(identity, mapped.issues);
    const event = toEncounterEvent(mapped.facts);
    const record = event.contract.fullName.split('.').pop();
    return {
      identity,
      result: { event },
      answer: (outcome) => this.answer(outcome, record),
    };
  }

  private rejected(identity: MessageIdentity, issues: readonly IngestIssue[]): Interpretation {
    return { identity, result: { issues }, answer: (outcome) => this.answer(outcome, undefined) };
  }

  private answer(outcome: Outcome, record: string | undefined): Answer {
    return { code: ackCodeOf(outcome), text: JSON.stringify(operationOutcome(outcome, record)) };
  }
}
