import { isNpi, normalizeIcd10Cm } from '@meridian/contracts';
import type {
  DiagnosisLine,
  DiagnosisType,
  ProcedureCodeSystem,
  ProcedureLine,
} from '@meridian/contracts';
import type { EncounterFacts } from '../encounters/encounter-facts.js';
import { codeIn, codes, isObject, objects, prop, text } from './fhir-values.js';
import type { FhirIssues, JsonObject } from './fhir-values.js';

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';

/** Procedure code systems by their FHIR URIs. */
const PROCEDURE_SYSTEMS: Readonly<Record<string, ProcedureCodeSystem>> = {
  [CPT_SYSTEM]: 'CPT',
  'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets': 'HCPCS',
  'urn:oid:2.16.840.1.113883.6.285': 'HCPCS',
  'http://www.cms.gov/Medicare/Coding/ICD10': 'ICD10PCS',
};

/** Encounter.diagnosis.use (diagnosis-role) -> diagnosis type. */
const DIAGNOSIS_USES: Readonly<Record<string, DiagnosisType>> = {
  AD: 'ADMITTING',
  DD: 'FINAL',
  billing: 'FINAL',
  CC: 'WORKING',
  CM: 'WORKING',
  'pre-op': 'WORKING',
  'post-op': 'WORKING',
};

/** A contained resource and its FHIRPath, e.g. `Encounter.contained[2]`. */
export interface Resolved {
  readonly resource: JsonObject;
  readonly path: string;
}

/** The encounter's contained resources, reached by `#id` references. */
export class Contained {
  private readonly byId = new Map<string, Resolved>();

  constructor(
    encounter: JsonObject,
    private readonly issues: FhirIssues,
  ) {
    const contained = encounter['contained'];
    (Array.isArray(contained) ? contained : []).forEach((resource: unknown, index) => {
      const id = text(prop(resource, 'id'));
      if (isObject(resource) && id)
        this.byId.set(id, { resource, path: `Encounter.contained[${index}]` });
    });
  }

  /** The contained resource of one of `types` a Reference's `#id` points to, if any. */
  find(reference: unknown, types: readonly string[]): Resolved | undefined {
    const ref = text(prop(reference, 'reference'));
    const found = ref?.startsWith('#') ? this.byId.get(ref.slice(1)) : undefined;
    const type = text(prop(found?.resource, 'resourceType'));
    return found && type && types.includes(type) ? found : undefined;
  }

  /** The contained resource of one of `types` a Reference points to, or an issue at `where`. */
  resolve(reference: unknown, where: string, types: readonly string[]): Resolved | undefined {
    if (!text(prop(reference, 'reference'))) {
      this.issues.add('required', where, 'is required');
      return undefined;
    }
    const found = this.find(reference, types);
    if (!found) {
      // Valid R4 this interface cannot follow: a mapping problem (422), not a structural one.
      this.issues.add('required', where, `must reference a contained ${types.join(' or ')} (#id)`);
      return undefined;
    }
    return found;
  }
}

/** An NPI from identifiers (`system` us-npi), checked; null when none is given. */
export function npiOf(identifiers: unknown, where: string, issues: FhirIssues): string | null {
  const list = isObject(identifiers) ? [identifiers] : objects(identifiers);
  const npi = list.find((identifier) => text(prop(identifier, 'system')) === NPI_SYSTEM);
  if (!npi) return null;
  const value = text(prop(npi, 'value'));
  if (value && isNpi(value)) return value;
  issues.add('datatype', where, 'is not a valid NPI (10 digits with a check digit)');
  return null;
}

/**
 * Diagnoses (contained Condition, ICD-10-CM coding, rank 1 = principal, use -> type) and
 * procedures (contained Procedure, CPT/HCPCS/ICD-10-PCS coding, performed[x], performer NPI),
 * both from Encounter.diagnosis, whose `condition` may reference either in FHIR R4.
 */
export function clinicalLines(
  encounter: JsonObject,
  contained: Contained,
  issues: FhirIssues,
  timeZone: string,
): Pick<EncounterFacts, 'diagnoses' | 'procedures'> {
  const diagnoses: DiagnosisLine[] = [];
  const procedures: ProcedureLine[] = [];
  const entries = encounter['diagnosis'];
  (Array.isArray(entries) ? entries : []).forEach((entry: unknown, index) => {
    const where = `Encounter.diagnosis[${index}]`;
    const target = contained.resolve(prop(entry, 'condition'), `${where}.condition`, [
      'Condition',
      'Procedure',
    ]);
    if (!target) return;
    if (target.resource['resourceType'] === 'Procedure') {
      const line = procedure(target.resource, target.path, issues, timeZone);
      if (line) procedures.push(line);
      return;
    }
    const line = diagnosis(entry, where, target.resource, target.path, issues);
    if (line)
      diagnoses.push({
        ...line,
        principal: line.priority === 1 && !diagnoses.some((d) => d.principal),
      });
  });
  return { diagnoses, procedures };
}

function diagnosis(
  entry: unknown,
  where: string,
  condition: JsonObject,
  path: string,
  issues: FhirIssues,
): Omit<DiagnosisLine, 'principal'> | undefined {
  const coded = codeIn(condition['code'], [ICD10CM_SYSTEM]);
  const code = coded ? normalizeIcd10Cm(coded.code) : undefined;
  if (!coded) issues.add('code', `${path}.code`, `has no ICD-10-CM coding (${ICD10CM_SYSTEM})`);
  else if (!code) issues.add('datatype', `${path}.code`, 'is not an ICD-10-CM code');
  const rank = prop(entry, 'rank');
  const priority =
    rank === undefined ? 0 : Number.isInteger(rank) && Number(rank) >= 0 ? Number(rank) : undefined;
  if (priority === undefined) issues.add('datatype', `${where}.rank`, 'is not a positive integer');
  const use = codes(prop(entry, 'use'))[0];
  const diagnosisType = use === undefined ? 'UNKNOWN' : DIAGNOSIS_USES[use];
  if (!diagnosisType)
    issues.add(
      'code',
      `${where}.use`,
      'is not a diagnosis role (AD, DD, CC, CM, pre-op, post-op, billing)',
    );
  if (!code || priority === undefined || !diagnosisType) return undefined;
  return { icd10CmCode: code, priority, diagnosisType };
}

function procedure(
  resource: JsonObject,
  path: string,
  issues: FhirIssues,
  timeZone: string,
): ProcedureLine | undefined {
  const coded = codeIn(resource['code'], Object.keys(PROCEDURE_SYSTEMS));
  if (!coded) issues.add('code', `${path}.code`, 'has no CPT, HCPCS or ICD-10-PCS coding');
  const performed = resource['performedDateTime'] ?? prop(resource['performedPeriod'], 'start');
  const performedAt = issues.dateTime(performed, `${path}.performed[x]`, timeZone, true);
  const surgeon = objects(resource['performer'])
    .map((performer, i) =>
      npiOf(
        prop(prop(performer, 'actor'), 'identifier'),
        `${path}.performer[${i}].actor.identifier`,
        issues,
      ),
    )
    .find((npi) => npi !== null);
  if (!coded || !performedAt) return undefined;
  const identifier = objects(resource['identifier'])[0];
  return {
    procedureId: text(prop(identifier, 'value')) ?? text(resource['id']) ?? null,
    code: coded.code,
    codeSystem: PROCEDURE_SYSTEMS[coded.system] ?? 'UNKNOWN',
    performedAt,
    surgeonNpi: surgeon ?? null,
  };
}

/**
 * The primary coverage: Encounter.account[0] -> contained Account -> its coverage with the lowest
 * priority -> contained Coverage: payor[0].identifier.value is the payer, the `class` of type
 * `plan` the plan. No account: self-pay (nulls).
 */
export function payerOf(
  encounter: JsonObject,
  contained: Contained,
  issues: FhirIssues,
): Pick<EncounterFacts, 'primaryPayerId' | 'primaryPlanId'> {
  const none = { primaryPayerId: null, primaryPlanId: null };
  const accountRef = objects(encounter['account'])[0];
  if (!accountRef) return none;
  const account = contained.resolve(accountRef, 'Encounter.account[0]', ['Account']);
  if (!account) return none;
  const coverages = objects(account.resource['coverage']);
  const primary = [...coverages].sort(
    (a, b) => Number(prop(a, 'priority') ?? Infinity) - Number(prop(b, 'priority') ?? Infinity),
  )[0];
  if (!primary) return none;
  const index = coverages.indexOf(primary);
  const coverage = contained.resolve(
    prop(primary, 'coverage'),
    `${account.path}.coverage[${index}].coverage`,
    ['Coverage'],
  );
  if (!coverage) return none;
  const payer = objects(coverage.resource['payor'])
    .map((payor) => text(prop(prop(payor, 'identifier'), 'value')))
    .find((id) => id !== undefined);
  if (!payer)
    issues.add('required', `${coverage.path}.payor`, 'is required (an identifier of the payer)');
  const plan = objects(coverage.resource['class']).find((c) =>
    codes(prop(c, 'type')).includes('plan'),
  );
  return { primaryPayerId: payer ?? null, primaryPlanId: text(prop(plan, 'value')) ?? null };
}
