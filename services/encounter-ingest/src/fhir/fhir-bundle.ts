// Reading a batch or transaction Bundle (FHIR R4 http.html#transaction) into the Encounter
// writes it asks for, each made self-contained; pure, so it is tested without I/O.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { IngestIssue } from '../encounters/encounter-facts.js';
import { selfContained } from './fhir-bundle-references.js';
import type { BundleResource } from './fhir-bundle-references.js';
import { rejectionOutcome } from './fhir.codec.js';
import { isObject, objects, prop, text } from './fhir-values.js';
import type { JsonObject } from './fhir-values.js';
import { structuralIssues } from './fhir-validation.js';

export type WriteMethod = 'POST' | 'PUT';

/** An Encounter to process, self-contained, with what maps its paths back to the Bundle. */
export interface EncounterWrite {
  readonly kind: 'encounter';
  readonly index: number;
  readonly method: WriteMethod;
  /** The self-contained Encounter as JSON text: what is stored and processed. */
  readonly raw: string;
  readonly origins: ReadonlyMap<number, number>;
}

/** Another resource: read only to resolve the Encounters' references, never stored. */
export interface ReferencedOnly {
  readonly kind: 'referenced';
  readonly index: number;
}

/** An entry this server cannot carry out, and its answer. */
export interface RefusedEntry {
  readonly kind: 'refused';
  readonly index: number;
  readonly status: number;
  readonly outcome: OperationOutcome;
}

export type PlannedEntry = EncounterWrite | ReferencedOnly | RefusedEntry;

/** A whole request refused: its status and OperationOutcome. */
export class Refusal {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {}
}

export interface BundlePlan {
  readonly type: 'transaction' | 'batch';
  readonly entries: readonly PlannedEntry[];
}

export function refusal(status: number, issues: readonly IngestIssue[]): Refusal {
  return new Refusal(status, rejectionOutcome(issues));
}

export function issue(kind: IngestIssue['kind'], where: string, problem: string): IngestIssue {
  return { kind, where, message: `${where} ${problem}` };
}

/** A JSON Bundle checked against the base R4 StructureDefinitions, or why it is refused. */
export function parseBundle(raw: string): JsonObject | Refusal {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return refusal(400, [{ kind: 'structure', where: 'body', message: 'body is not valid JSON' }]);
  }
  if (!isObject(body) || body['resourceType'] !== 'Bundle')
    return refusal(400, [issue('structure', 'Bundle.resourceType', 'must be Bundle')]);
  const structural = structuralIssues(body);
  return structural.length > 0 ? refusal(400, structural) : body;
}

/** The resources of the Bundle's entries other than Encounters: what references may reach. */
export function referenceable(bundle: JsonObject): BundleResource[] {
  return objects(bundle['entry']).flatMap((entry, index) => {
    const resource = prop(entry, 'resource');
    return isObject(resource) && resource['resourceType'] !== 'Encounter'
      ? [{ index, fullUrl: text(entry['fullUrl']), resource }]
      : [];
  });
}

/** The write of one Encounter entry, self-contained against `others`. */
export function encounterWrite(
  index: number,
  method: WriteMethod,
  resource: JsonObject,
  others: readonly BundleResource[],
): EncounterWrite {
  const { encounter, origins } = selfContained(resource, others);
  return { kind: 'encounter', index, method, raw: JSON.stringify(encounter), origins };
}

export function refused(index: number, status: number, refusedIssue: IngestIssue): RefusedEntry {
  return { kind: 'refused', index, status, outcome: rejectionOutcome([refusedIssue]) };
}

/**
 * One entry: POST `Encounter` (create) or PUT `Encounter/<id>` (update, `<id>` = resource.id)
 * is an Encounter write; POST or PUT of another resource type is read only for references;
 * anything else (GET, DELETE, PATCH, conditional URLs) is refused.
 */
function planEntry(
  entry: JsonObject,
  index: number,
  others: readonly BundleResource[],
): PlannedEntry {
  const at = `Bundle.entry[${index}]`;
  const resource = prop(entry, 'resource');
  const method = text(prop(entry['request'], 'method'));
  const url = text(prop(entry['request'], 'url')) ?? '';
  if (method !== 'POST' && method !== 'PUT')
    return refused(
      index,
      405,
      issue('unsupported-type', `${at}.request.method`, 'must be POST or PUT'),
    );
  if (!isObject(resource))
    return refused(index, 400, issue('required', `${at}.resource`, 'is required'));
  if (typeof resource['resourceType'] !== 'string')
    return refused(index, 400, issue('required', `${at}.resource.resourceType`, 'is required'));
  if (resource['resourceType'] !== 'Encounter') return { kind: 'referenced', index };
  const expected = method === 'POST' ? 'Encounter' : `Encounter/${text(resource['id']) ?? ''}`;
  if (url !== expected)
    return refused(
      index,
      400,
      issue(
        'structure',
        `${at}.request.url`,
        method === 'POST'
          ? 'must be Encounter (conditional create is not supported)'
          : 'must be Encounter/<id> with the id of the resource',
      ),
    );
  return encounterWrite(index, method, resource, others);
}

/**
 * Two writes of one Encounter in a transaction: R4 says the transaction SHALL fail when the
 * identities of the resources it changes overlap (http.html#trules). POST entries create new
 * identities; PUT entries name theirs.
 */
function overlapping(bundle: JsonObject): IngestIssue[] {
  const seen = new Set<string>();
  return objects(bundle['entry']).flatMap((entry, index) => {
    const url = text(prop(entry['request'], 'url'));
    if (text(prop(entry['request'], 'method')) !== 'PUT' || url === undefined) return [];
    if (!seen.has(url)) {
      seen.add(url);
      return [];
    }
    return [
      issue(
        'structure',
        `Bundle.entry[${index}].request.url`,
        'updates a resource another entry of this transaction also updates',
      ),
    ];
  });
}

/** A batch or transaction Bundle as the writes it asks for, or why it is refused as a whole. */
export function planBundle(raw: string): BundlePlan | Refusal {
  const bundle = parseBundle(raw);
  if (bundle instanceof Refusal) return bundle;
  const type = bundle['type'];
  if (type !== 'transaction' && type !== 'batch')
    return refusal(400, [issue('code', 'Bundle.type', 'must be transaction or batch')]);
  if (type === 'transaction') {
    const overlaps = overlapping(bundle);
    if (overlaps.length > 0) return refusal(400, overlaps);
  }
  const others = referenceable(bundle);
  return {
    type,
    entries: objects(bundle['entry']).map((entry, index) => planEntry(entry, index, others)),
  };
}
