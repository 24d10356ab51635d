import { encounterIdOf, isCode, isEncounterId, type VisitNumber } from '@meridian/contracts';
import type { PatientClass } from '@meridian/contracts';
import { missingFacts } from '../encounters/encounter-facts.js';
import type {
  EncounterFacts,
  EncounterTrigger,
  FactSource,
  IngestIssue,
  RequirableFact,
} from '../encounters/encounter-facts.js';
import { clinicalLines, Contained, npiOf, payerOf } from './fhir-clinical.js';
import { locationOf } from './fhir-location.js';
import { codes, FhirIssues, identifierOf, objects, prop, text } from './fhir-values.js';
import type { JsonObject } from './fhir-values.js';

/** Encounter.status -> event; `entered-in-error` depends on whether the encounter had finished. */
const TRIGGERS: Readonly<Record<string, EncounterTrigger>> = {
  planned: 'REGISTER',
  arrived: 'REGISTER',
  triaged: 'REGISTER',
  'in-progress': 'ADMIT',
  onleave: 'UPDATE',
  finished: 'DISCHARGE',
  cancelled: 'CANCEL_ADMISSION',
};

/** Encounter.class (v3 ActCode) -> patient class. */
const CLASSES: Readonly<Record<string, PatientClass>> = {
  IMP: 'INPATIENT',
  ACUTE: 'INPATIENT',
  NONAC: 'INPATIENT',
  AMB: 'OUTPATIENT',
  HH: 'OUTPATIENT',
  VR: 'OUTPATIENT',
  FLD: 'OUTPATIENT',
  EMER: 'EMERGENCY',
  OBSENC: 'OBSERVATION',
  SS: 'OBSERVATION',
  PRENC: 'PREADMIT',
};

/** hospitalization.dischargeDisposition (FHIR discharge-disposition) -> UB-04 status. */
const DISPOSITIONS: Readonly<Record<string, string>> = {
  home: '01',
  'alt-home': '01',
  hosp: '02',
  snf: '03',
  'other-hcf': '05',
  aadvice: '07',
  exp: '20',
  rehab: '62',
  long: '63',
  psy: '65',
};

const SOURCES: Readonly<Record<RequirableFact, FactSource>> = {
  recordedAt: { where: 'Encounter.meta.lastUpdated' },
  admittedAt: { where: 'Encounter.period.start' },
  dischargedAt: { where: 'Encounter.period.end' },
  location: { where: 'Encounter.location' },
};

/** The identifier of the Organization a Reference names: logical, or a contained one (`#id`). */
function organizationCode(encounter: JsonObject, reference: unknown): string | undefined {
  const ref = text(prop(reference, 'reference'));
  if (ref === undefined) return identifierOf(reference);
  const organization = objects(encounter['contained']).find(
    (r) => r['resourceType'] === 'Organization' && `#${text(r['id']) ?? ''}` === ref,
  );
  return identifierOf(organization);
}

/**
 * The visit number: the identifier of type VN (v2-0203), else the `usual` one. Its authority:
 * the identifier's `assigner` (identifier value, else display: the facility code HL7 v2 puts in
 * PV1-19.4), else the identifier of the Encounter's `serviceProvider` Organization, else
 * `defaultFacility`; a candidate that is not a facility code is skipped.
 */
export function visitNumberOf(
  encounter: JsonObject,
  defaultFacility: string,
): VisitNumber | undefined {
  const identifiers = objects(encounter['identifier']);
  const visit =
    identifiers.find((i) => codes(prop(i, 'type')).includes('VN')) ??
    identifiers.find((i) => prop(i, 'use') === 'usual');
  const value = text(prop(visit, 'value'));
  const assigner = prop(visit, 'assigner');
  const authority = [
    text(prop(prop(assigner, 'identifier'), 'value')),
    text(prop(assigner, 'display')),
    organizationCode(encounter, encounter['serviceProvider']),
  ].find((candidate) => candidate !== undefined && isCode(candidate));
  const qualified = {
    visitNumber: value ?? '',
    visitNumberAuthority: authority ?? defaultFacility,
  };
  return value !== undefined && isEncounterId(`${qualified.visitNumberAuthority}:${value}`)
    ? qualified
    : undefined;
}

/**
 * The encounter facts of a FHIR R4 Encounter, or every problem found. The mapping (documented in
 * the OpenAPI description of POST /fhir/Encounter):
 * - encounter id: `identifier` of type VN (else `use: usual`); MRN: `subject.identifier`, or the
 *   MR identifier of a contained Patient referenced by `subject.reference` (`#id`); its authority
 *   is `assigner.display`, else the identifier `system`;
 * - event from `status` (see TRIGGERS; `entered-in-error` cancels the discharge when the encounter
 *   has `period.end` or a `finished` statusHistory, else the admission); class from `class.code`;
 * - `period.start` admit (and registration time when `arrived`), `period.end` discharge (required
 *   when finished), `meta.lastUpdated` the time the event was recorded (default: when received);
 * - location: see `locationOf` (contained Location and its `partOf` chain, never `display`);
 * - attending: the `participant` of type ATND, `individual.identifier` of system us-npi, or the
 *   identifier of the contained Practitioner `individual` references;
 * - `serviceType` code: hospital service; `hospitalization.dischargeDisposition`: UB-04 status;
 * - diagnoses, procedures and payer: see `clinicalLines` and `payerOf`.
 */
export function mapEncounter(
  encounter: JsonObject,
  context: {
    readonly timeZone: string;
    readonly defaultFacility: string;
    readonly receivedAt: Date;
    readonly sourceControlId: string;
  },
): { readonly facts: EncounterFacts } | { readonly issues: readonly IngestIssue[] } {
  const issues = new FhirIssues();
  const contained = new Contained(encounter, issues);
  const visit = visitNumberOf(encounter, context.defaultFacility);
  if (!visit)
    issues.add(
      'required',
      'Encounter.identifier',
      'is required: the visit number (type VN), 1 to 64 characters',
    );
  const trigger = triggerOf(encounter, issues);
  const patient = patientOf(encounter, contained, issues);
  const period = encounter['period'];
  const tz = context.timeZone;
  const admittedAt = issues.dateTime(prop(period, 'start'), 'Encounter.period.start', tz);
  const lastUpdated = prop(encounter['meta'], 'lastUpdated');
  const updatedAt = issues.dateTime(lastUpdated, 'Encounter.meta.lastUpdated', tz);
  // An arrived encounter was registered when it started.
  const arrivedAt = encounter['status'] === 'arrived' ? admittedAt : null;
  const facts = {
    trigger: trigger ?? 'UPDATE',
    patientClass: patientClassOf(encounter, issues),
    recordedAt: arrivedAt ?? updatedAt ?? context.receivedAt,
    occurredAt: null,
    admittedAt,
    dischargedAt: issues.dateTime(prop(period, 'end'), 'Encounter.period.end', tz),
    expectedAdmitAt: null,
    location: locationOf(
      encounter,
      contained,
      issues,
      visit?.visitNumberAuthority ?? context.defaultFacility,
    ),
    priorLocation: null,
    attendingProviderNpi: attendingOf(encounter, contained, issues),
    hospitalService: codes(encounter['serviceType'])[0] ?? null,
    dischargeDisposition: dispositionOf(encounter, issues),
    ...clinicalLines(encounter, contained, issues, tz),
    ...payerOf(encounter, contained, issues),
    sourceSystem: 'FHIR' as const,
    sourceControlId: context.sourceControlId,
  };
  // A fact already reported (`Encounter.location[0].location` for `Encounter.location`) once.
  const reported = (where: string): boolean => issues.list.some((i) => i.where.startsWith(where));
  const all = [...issues.list, ...missingFacts(facts, SOURCES).filter((i) => !reported(i.where))];
  if (all.length > 0 || !visit || !patient || !trigger) return { issues: all };
  return { facts: { ...facts, ...visit, encounterId: encounterIdOf(visit), ...patient } };
}

function triggerOf(encounter: JsonObject, issues: FhirIssues): EncounterTrigger | undefined {
  const status = text(encounter['status']);
  if (!status) {
    issues.add('required', 'Encounter.status', 'is required');
    return undefined;
  }
  if (status === 'entered-in-error') {
    const history = objects(encounter['statusHistory']).map((h) => prop(h, 'status'));
    const finished = prop(encounter['period'], 'end') !== undefined || history.includes('finished');
    return finished ? 'CANCEL_DISCHARGE' : 'CANCEL_ADMISSION';
  }
  const trigger = TRIGGERS[status];
  if (!trigger) issues.add('code', 'Encounter.status', 'is not a status this interface accepts');
  return trigger;
}

function patientClassOf(encounter: JsonObject, issues: FhirIssues): PatientClass {
  const code = text(prop(encounter['class'], 'code'));
  if (!code) {
    issues.add('required', 'Encounter.class', 'is required');
    return 'UNKNOWN';
  }
  const mapped = CLASSES[code];
  if (!mapped)
    issues.add(
      'code',
      'Encounter.class',
      'is not a v3 ActCode encounter class (IMP, AMB, EMER, OBSENC, SS, PRENC...)',
    );
  return mapped ?? 'UNKNOWN';
}

function patientOf(
  encounter: JsonObject,
  contained: Contained,
  issues: FhirIssues,
): Pick<EncounterFacts, 'patientMrn' | 'mrnAssigningAuthority'> | undefined {
  const subject = encounter['subject'];
  let identifier = prop(subject, 'identifier');
  if (identifier === undefined && prop(subject, 'reference') !== undefined) {
    const patient = contained.resolve(subject, 'Encounter.subject', ['Patient']);
    const list = objects(patient?.resource['identifier']);
    identifier = list.find((i) => codes(prop(i, 'type')).includes('MR')) ?? list[0];
  }
  const mrn = text(prop(identifier, 'value'));
  if (!mrn) {
    issues.add(
      'required',
      'Encounter.subject',
      'is required (the MRN: an identifier, or a contained Patient)',
    );
    return undefined;
  }
  const authority =
    text(prop(prop(identifier, 'assigner'), 'display')) ?? text(prop(identifier, 'system'));
  return { patientMrn: mrn, mrnAssigningAuthority: authority ?? null };
}

/**
 * The attending's NPI: the participant of type ATND, its `individual` a logical reference with an
 * us-npi identifier, or a contained Practitioner (`#id`, US Core) with one.
 */
function attendingOf(
  encounter: JsonObject,
  contained: Contained,
  issues: FhirIssues,
): string | null {
  const participants = objects(encounter['participant']);
  const index = participants.findIndex((p) =>
    objects(prop(p, 'type')).some((t) => codes(t).includes('ATND')),
  );
  if (index < 0) return null;
  const individual = prop(participants[index], 'individual');
  const practitioner = contained.find(individual, ['Practitioner', 'PractitionerRole']);
  if (practitioner)
    return npiOf(practitioner.resource['identifier'], `${practitioner.path}.identifier`, issues);
  const where = `Encounter.participant[${index}].individual.identifier`;
  return npiOf(prop(individual, 'identifier'), where, issues);
}

function dispositionOf(encounter: JsonObject, issues: FhirIssues): string | null {
  const code = codes(prop(encounter['hospitalization'], 'dischargeDisposition'))[0];
  if (code === undefined) return null;
  const status = /^\d{2}$/.test(code) ? code : DISPOSITIONS[code];
  if (!status)
    issues.add(
      'code',
      'Encounter.hospitalization.dischargeDisposition',
      'is not a discharge disposition this interface maps',
    );
  return status ?? null;
}
