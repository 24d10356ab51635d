// Coding rules (pure): how an encounter is coded without a coder, and the MS-DRG rule table.
import type {
  CodedDiagnosis,
  CodedProcedure,
  DiagnosisLine,
  DiagnosisType,
  PatientClass,
  PresentOnAdmission,
  KnownProcedureSystem,
  ProcedureCodeSystem,
} from '@meridian/contracts';
import { localDate, normalizeIcd10Cm, procedureSystem } from '@meridian/contracts';

/**
 * One MS-DRG pair: the principal diagnosis (a 3-character category such as I50, or one full code
 * such as N39.0) groups to `withSecondary` when the encounter has any secondary diagnosis (standing
 * in for "with MCC/CC", which a real grouper decides from the CC/MCC lists) and to
 * `withoutSecondary` otherwise.
 */
export interface DrgRule {
  readonly principal: string;
  readonly description: string;
  readonly withSecondary: string;
  readonly withoutSecondary: string;
}

/** The documented rule table; a principal diagnosis it does not list gets no DRG (null). */
export const DRG_RULES: readonly DrgRule[] = [
  {
    principal: 'I50',
    description: 'Heart failure and shock',
    withSecondary: '291',
    withoutSecondary: '293',
  },
  {
    principal: 'J18',
    description: 'Simple pneumonia and pleurisy',
    withSecondary: '193',
    withoutSecondary: '195',
  },
  {
    principal: 'A41',
    description: 'Septicemia or severe sepsis without MV >96 hours',
    withSecondary: '871',
    withoutSecondary: '872',
  },
  {
    principal: 'N39.0',
    description: 'Kidney and urinary tract infections',
    withSecondary: '689',
    withoutSecondary: '690',
  },
  {
    principal: 'I21',
    description: 'Acute myocardial infarction, discharged alive',
    withSecondary: '280',
    withoutSecondary: '282',
  },
];

/** Named on EncounterCoded.drgGrouperVersion when a DRG was assigned. */
export const DRG_GROUPER_VERSION = 'MS-DRG v43 (revenue-cycle rule table)';

const ruleMatches = (rule: DrgRule, code: string): boolean =>
  rule.principal.length === 3 ? code.slice(0, 3) === rule.principal : code === rule.principal;

/** The MS-DRG of an inpatient encounter by the rule table; null for other patient classes. */
export function assignDrg(
  patientClass: PatientClass,
  principalCode: string,
  hasSecondary: boolean,
): string | null {
  if (patientClass !== 'INPATIENT') return null;
  const rule = DRG_RULES.find((r) => ruleMatches(r, principalCode));
  if (!rule) return null;
  return hasSecondary ? rule.withSecondary : rule.withoutSecondary;
}

/**
 * POA of a diagnosis the EHR sent, for inpatients (null otherwise): admitting and working
 * diagnoses were there on admission (Y); for a final or untyped one the record does not say (U).
 */
export function presentOnAdmission(
  type: DiagnosisType,
  patientClass: PatientClass,
): PresentOnAdmission | null {
  if (patientClass !== 'INPATIENT') return null;
  return type === 'ADMITTING' || type === 'WORKING' ? 'Y' : 'U';
}

/** A procedure as the EHR sent it (performedAt a Date, or its ISO string once stored). */
export interface ProcedureToCode {
  readonly code: string;
  readonly codeSystem: ProcedureCodeSystem;
  readonly performedAt: Date | string;
}

const SYSTEM_ORDER: readonly KnownProcedureSystem[] = ['ICD10PCS', 'CPT', 'HCPCS'];

/**
 * Coded procedures: ICD-10-PCS first (the principal procedure of an inpatient claim), then CPT
 * and HCPCS, each by time performed, numbered from 1; a code of no recognizable system is left
 * for a coder.
 */
export function codeProcedures(
  procedures: readonly ProcedureToCode[],
  timeZone: string,
): CodedProcedure[] {
  return procedures
    .flatMap((p) => {
      const system = procedureSystem(p.code, p.codeSystem);
      return system ? [{ code: p.code, system, at: new Date(p.performedAt) }] : [];
    })
    .sort(
      (a, b) =>
        SYSTEM_ORDER.indexOf(a.system) - SYSTEM_ORDER.indexOf(b.system) ||
        a.at.getTime() - b.at.getTime(),
    )
    .map((p, index) => ({
      code: p.code,
      codeSystem: p.system,
      sequence: index + 1,
      performedOn: localDate(p.at, timeZone),
    }));
}

/** A diagnosis to put in claim sequence. */
export interface DiagnosisToSequence {
  readonly code: string;
  readonly principal: boolean;
  readonly presentOnAdmission: PresentOnAdmission | null;
}

/** Claim sequence: the principal first, then the others in the given order, numbered from 1. */
export function sequenceDiagnoses(diagnoses: readonly DiagnosisToSequence[]): CodedDiagnosis[] {
  const ordered = [
    ...diagnoses.filter((d) => d.principal),
    ...diagnoses.filter((d) => !d.principal),
  ];
  return ordered.map((d, index) => ({
    icd10CmCode: d.code,
    sequence: index + 1,
    principal: d.principal,
    presentOnAdmission: d.presentOnAdmission,
  }));
}

export interface CodingResult {
  readonly diagnoses: CodedDiagnosis[];
  readonly procedures: CodedProcedure[];
  readonly drgCode: string | null;
}

/** The result of sequenced diagnoses (principal first) and procedures, with its DRG. */
export function codingResult(
  patientClass: PatientClass,
  diagnoses: CodedDiagnosis[],
  procedures: CodedProcedure[],
): CodingResult {
  const principal = diagnoses[0]?.icd10CmCode ?? '';
  return {
    diagnoses,
    procedures,
    drgCode: assignDrg(patientClass, principal, diagnoses.length > 1),
  };
}

/**
 * Codes an encounter by the rules when the EHR sent exactly one principal diagnosis and every
 * diagnosis is a valid ICD-10-CM code (secondaries by priority, duplicates dropped); undefined
 * when a coder has to code it.
 */
export function autoCode(
  encounter: {
    readonly patientClass: PatientClass;
    readonly diagnoses: readonly DiagnosisLine[];
    readonly procedures: readonly ProcedureToCode[];
  },
  timeZone: string,
): CodingResult | undefined {
  const lines = encounter.diagnoses.flatMap((d) => {
    const code = normalizeIcd10Cm(d.icd10CmCode);
    return code === undefined ? [] : [{ ...d, code }];
  });
  if (lines.length !== encounter.diagnoses.length) return undefined;
  if (lines.filter((d) => d.principal).length !== 1) return undefined;
  const seen = new Set<string>();
  const unique = [...lines]
    .sort((a, b) => Number(b.principal) - Number(a.principal) || a.priority - b.priority)
    .filter((d) => !seen.has(d.code) && seen.add(d.code));
  const diagnoses = sequenceDiagnoses(
    unique.map((d) => ({
      code: d.code,
      principal: d.principal,
      presentOnAdmission: presentOnAdmission(d.diagnosisType, encounter.patientClass),
    })),
  );
  return codingResult(
    encounter.patientClass,
    diagnoses,
    codeProcedures(encounter.procedures, timeZone),
  );
}
