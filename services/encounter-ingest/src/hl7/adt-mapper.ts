import {
  encounterIdOf,
  isCode,
  isEncounterId,
  normalizeIcd10Cm,
  procedureSystemOf,
  type VisitNumber,
} from '@meridian/contracts';
import type {
  DiagnosisLine,
  DiagnosisType,
  Location,
  PatientClass,
  ProcedureCodeSystem,
  ProcedureLine,
} from '@meridian/contracts';
import type { AdtEvent, Hl7Message } from '@meridian/hl7';
import { toLocation } from '../encounters/location.js';
import { missingFacts } from '../encounters/encounter-facts.js';
import type {
  EncounterFacts,
  EncounterTrigger,
  FactSource,
  IngestIssue,
  RequirableFact,
} from '../encounters/encounter-facts.js';
import { AdtFields, at } from './adt-fields.js';

const TRIGGERS: Readonly<Record<AdtEvent, EncounterTrigger>> = {
  A01: 'ADMIT',
  A02: 'TRANSFER',
  A03: 'DISCHARGE',
  A04: 'REGISTER',
  A08: 'UPDATE',
  A11: 'CANCEL_ADMISSION',
  A13: 'CANCEL_DISCHARGE',
};

/** HL7 table 0004; C (commercial), N (not applicable) and U (unknown) carry no class. */
const PATIENT_CLASSES: Readonly<Record<string, PatientClass>> = {
  I: 'INPATIENT',
  O: 'OUTPATIENT',
  E: 'EMERGENCY',
  P: 'PREADMIT',
  R: 'RECURRING',
  B: 'OBSTETRICS',
  C: 'UNKNOWN',
  N: 'UNKNOWN',
  U: 'UNKNOWN',
};

const DIAGNOSIS_TYPES: Readonly<Record<string, DiagnosisType>> = {
  A: 'ADMITTING',
  W: 'WORKING',
  F: 'FINAL',
};

/** DG1-3.3 names of ICD-10-CM (HL7 table 0396 and common local variants). */
const ICD10CM_SYSTEMS = new Set(['I10', 'I10C', 'ICD10CM', 'ICD-10-CM']);

/** PR1-3.3 (HL7 table 0396) -> code system. */
const PROCEDURE_SYSTEMS: Readonly<Record<string, ProcedureCodeSystem>> = {
  C4: 'CPT',
  CPT4: 'CPT',
  CPT: 'CPT',
  HCPCS: 'HCPCS',
  HCPC: 'HCPCS',
  I10P: 'ICD10PCS',
};

/** ROL-3 codes a procedure group's surgeon is sent with (there is no table 0443 code for one). */
const SURGEON_ROLES = new Set(['SURG', 'PS', 'PRI']);

const SOURCES: Readonly<Record<RequirableFact, FactSource>> = {
  recordedAt: { where: 'EVN-2', hl7: at('EVN', 2) },
  admittedAt: { where: 'PV1-44', hl7: at('PV1', 44) },
  dischargedAt: { where: 'PV1-45', hl7: at('PV1', 45) },
  location: { where: 'PV1-3', hl7: at('PV1', 3) },
};

/**
 * The encounter facts of a structurally valid ADT message, or every problem found: required
 * fields missing (PID-3, PV1-2, PV1-19 always; EVN-2, PV1-3, PV1-44, PV1-45 per event), values
 * of the wrong type (timestamps, NPIs, ICD-10-CM codes) and codes outside their tables.
 */
export function mapAdt(
  message: Hl7Message,
  event: AdtEvent,
  context: { readonly timeZone: string; readonly defaultFacility: string },
): { readonly facts: EncounterFacts } | { readonly issues: readonly IngestIssue[] } {
  const f = new AdtFields(message, context.timeZone);
  const mrn = patientMrn(f);
  const visit = visitNumber(f, context.defaultFacility);
  const facts = {
    trigger: TRIGGERS[event],
    patientClass: patientClass(f),
    recordedAt: f.timestamp(at('EVN', 2)),
    occurredAt: f.timestamp(at('EVN', 6)),
    admittedAt: f.timestamp(at('PV1', 44)),
    dischargedAt: f.timestamp(at('PV1', 45)),
    expectedAdmitAt: f.timestamp(at('PV2', 8)),
    location: location(f, 3, visit),
    priorLocation: location(f, 6, visit),
    attendingProviderNpi: f.npi(at('PV1', 7)),
    hospitalService: f.text(at('PV1', 10)) ?? null,
    dischargeDisposition: disposition(f),
    diagnoses: diagnoses(f),
    procedures: procedures(f),
    ...payer(f),
    sourceSystem: 'HL7V2' as const,
    sourceControlId: message.controlId,
  };
  const reported = new Set(f.issues.map((issue) => issue.where));
  const issues = [
    ...f.issues,
    ...missingFacts(facts, SOURCES).filter((issue) => !reported.has(issue.where)),
  ];
  if (issues.length > 0 || mrn === undefined || visit === undefined) return { issues };
  return { facts: { ...facts, ...visit, encounterId: encounterIdOf(visit), ...mrn } };
}

/**
 * PV1-19 (CX): the visit number (CX.1) and its assigning authority (CX.4, HD namespace id),
 * else the sending facility (MSH-4.1), else the configured default: V1^^^MGH and V1^^^BWH are
 * two encounters.
 */
export function visitNumber(f: AdtFields, defaultFacility: string): VisitNumber | undefined {
  const value = f.required(at('PV1', 19));
  const where = at('PV1', 19, { component: 4, subcomponent: 1 });
  const own = f.text(where);
  if (own !== undefined && !isCode(own)) {
    f.problem('datatype', where, 'is not a facility code');
    return undefined;
  }
  const sender = f.text(at('MSH', 4));
  const authority = own ?? (sender !== undefined && isCode(sender) ? sender : defaultFacility);
  if (value === undefined) return undefined;
  if (!isEncounterId(`${authority}:${value}`)) {
    f.problem('datatype', at('PV1', 19), 'is not a usable visit number (1 to 64 characters)');
    return undefined;
  }
  return { visitNumber: value, visitNumberAuthority: authority };
}

/** PID-3: the first repetition with identifier type MR, else the first; PID-3.4 its authority. */
function patientMrn(
  f: AdtFields,
): Pick<EncounterFacts, 'patientMrn' | 'mrnAssigningAuthority'> | undefined {
  const count = f.repetitions(at('PID', 3));
  let repetition = 1;
  for (let r = 1; r <= count; r += 1) {
    if (f.text(at('PID', 3, { repetition: r, component: 5 })) === 'MR') {
      repetition = r;
      break;
    }
  }
  const mrn = f.text(at('PID', 3, { repetition, component: 1 }));
  if (mrn === undefined) {
    f.problem('required', at('PID', 3), 'is required');
    return undefined;
  }
  const authority = f.text(at('PID', 3, { repetition, component: 4 }));
  return { patientMrn: mrn, mrnAssigningAuthority: authority ?? null };
}

function patientClass(f: AdtFields): PatientClass {
  const code = f.required(at('PV1', 2));
  if (code === undefined) return 'UNKNOWN';
  const mapped = PATIENT_CLASSES[code];
  if (!mapped) f.problem('code', at('PV1', 2), 'is not a patient class of HL7 table 0004');
  return mapped ?? 'UNKNOWN';
}

/**
 * PV1-3 / PV1-6 (PL): `unit^room^bed^facility`; null without a unit. Without PL.4 the facility is
 * the visit number's (the encounter's), so every location names its facility.
 */
function location(f: AdtFields, field: number, visit: VisitNumber | undefined): Location | null {
  const part = (component: number): string | undefined => f.text(at('PV1', field, { component }));
  const facilityId = part(4) ?? visit?.visitNumberAuthority;
  return toLocation({ unitId: part(1), roomId: part(2), bedId: part(3), facilityId }) ?? null;
}

function disposition(f: AdtFields): string | null {
  const code = f.text(at('PV1', 36));
  if (code === undefined) return null;
  if (/^\d{2}$/.test(code)) return code;
  f.problem('code', at('PV1', 36), 'is not a UB-04 discharge status (2 digits, HL7 table 0112)');
  return null;
}

function diagnoses(f: AdtFields): DiagnosisLine[] {
  const lines: DiagnosisLine[] = [];
  const count = f.message.segmentsOf('DG1').length;
  for (let sequence = 1; sequence <= count; sequence += 1) {
    const field = (n: number, component?: number) => at('DG1', n, { sequence, component });
    const raw = f.required(field(3));
    const code = raw === undefined ? undefined : normalizeIcd10Cm(raw);
    if (raw !== undefined && code === undefined)
      f.problem('datatype', field(3), 'is not an ICD-10-CM code');
    const system = f.text(field(3, 3));
    if (system !== undefined && !ICD10CM_SYSTEMS.has(system.toUpperCase()))
      f.problem('code', field(3, 3), 'is not ICD-10-CM (I10)');
    const typeCode = f.text(field(6));
    const diagnosisType = typeCode === undefined ? 'UNKNOWN' : DIAGNOSIS_TYPES[typeCode];
    if (!diagnosisType) f.problem('code', field(6), 'is not a diagnosis type (A, W or F)');
    const rank = f.text(field(15));
    const priority = rank === undefined ? 0 : /^\d{1,2}$/.test(rank) ? Number(rank) : undefined;
    if (priority === undefined) f.problem('datatype', field(15), 'is not a priority (0 to 99)');
    if (code === undefined || !diagnosisType || priority === undefined) continue;
    const principal = priority === 1 && !lines.some((line) => line.principal);
    lines.push({ icd10CmCode: code, priority, principal, diagnosisType });
  }
  return lines;
}

/**
 * For each PR1 (by occurrence), the ROL occurrences right after it (its procedure group), in one
 * pass over the segments.
 */
function procedureRoles(message: Hl7Message): number[][] {
  const groups: number[][] = [];
  let roles = 0;
  let current: number[] | undefined;
  for (const segment of message.segments) {
    if (segment.id === 'ROL') roles += 1;
    if (segment.id === 'PR1') groups.push((current = []));
    else if (segment.id === 'ROL') current?.push(roles);
    else if (!segment.id.startsWith('Z')) current = undefined;
  }
  return groups;
}

function procedures(f: AdtFields): ProcedureLine[] {
  const lines: ProcedureLine[] = [];
  procedureRoles(f.message).forEach((roles, i) => {
    const sequence = i + 1;
    const field = (n: number, component?: number) => at('PR1', n, { sequence, component });
    const code = f.required(field(3));
    const systemCode = f.text(field(3, 3));
    const system =
      systemCode === undefined ? undefined : PROCEDURE_SYSTEMS[systemCode.toUpperCase()];
    if (systemCode !== undefined && !system)
      f.problem('code', field(3, 3), 'is not a procedure coding system (C4, HCPCS, I10P)');
    const performedAt = f.timestamp(field(5), true);
    const surgeon =
      f.npi(field(11)) ??
      roles
        .filter((rol) => SURGEON_ROLES.has(f.text(at('ROL', 3, { sequence: rol })) ?? ''))
        .map((rol) => f.npi(at('ROL', 4, { sequence: rol })))
        .find((npi) => npi !== null) ??
      null;
    if (code === undefined || performedAt === null || (systemCode !== undefined && !system)) return;
    lines.push({
      procedureId: f.text(field(19)) ?? null,
      code,
      codeSystem: system ?? procedureSystemOf(code) ?? 'UNKNOWN',
      performedAt,
      surgeonNpi: surgeon,
    });
  });
  return lines;
}

/** The primary coverage: the IN1 with the lowest IN1-1; none is self-pay (nulls). */
function payer(f: AdtFields): Pick<EncounterFacts, 'primaryPayerId' | 'primaryPlanId'> {
  const count = f.message.segmentsOf('IN1').length;
  let primary: number | undefined;
  let lowest = Infinity;
  for (let sequence = 1; sequence <= count; sequence += 1) {
    const setId = Number(f.text(at('IN1', 1, { sequence })) ?? NaN);
    const rank = Number.isInteger(setId) ? setId : Infinity;
    if (primary === undefined || rank < lowest) [primary, lowest] = [sequence, rank];
  }
  if (primary === undefined) return { primaryPayerId: null, primaryPlanId: null };
  return {
    primaryPayerId: f.required(at('IN1', 3, { sequence: primary })) ?? null,
    primaryPlanId: f.text(at('IN1', 2, { sequence: primary })) ?? null,
  };
}
