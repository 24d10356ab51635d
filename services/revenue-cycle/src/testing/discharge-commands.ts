// The commands discharge-to-revenue sends revenue-cycle, for one test encounter of its own:
// an inpatient on 4W for 3 nights with two charged procedures, one coded-only procedure and
// two supplies (3 x 2450.00 + 310.00 + 145.00 + 3 x 32.00 + 2 x 58.00 = 8017.00).
import { randomUUID } from 'node:crypto';
import type {
  CodedDiagnosis,
  CompleteCoding,
  DiagnosisLine,
  FinalizeCharges,
  ReverseCharges,
  SubmitClaim,
  VoidClaim,
} from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import { uniqueName } from '@meridian/testing';

export const EXPECTED_TOTAL = '8017.00';
export const EXPECTED_LINES = 5;

export interface DischargeCase {
  readonly sagaId: string;
  readonly encounterId: string;
}

const SAGA = { sagaType: 'discharge-to-revenue' } as const;
const ADMITTED = new Date('2026-03-02T15:00:00Z');
const DISCHARGED = new Date('2026-03-05T16:00:00Z');
const UNDO = 'discharge cancelled (ADT^A13) or saga compensated';

/**
 * A fresh saga and encounter, so the shared topics never mix tests. The encounter id is
 * facility-qualified as encounter-ingest makes it (`MGH:V_...`), and opaque to revenue-cycle.
 */
export function newCase(facilityId = 'MGH'): DischargeCase {
  return { sagaId: randomUUID(), encounterId: `${facilityId}:${uniqueName('V').toUpperCase()}` };
}

export function finalizeCharges(
  c: DischargeCase,
  overrides: Partial<Draft<FinalizeCharges>> = {},
): Draft<FinalizeCharges> {
  return {
    ...SAGA,
    sagaId: c.sagaId,
    stepName: 'FinalizeCharges',
    encounterId: c.encounterId,
    patientClass: 'INPATIENT',
    admittedAt: ADMITTED,
    dischargedAt: DISCHARGED,
    location: { facilityId: 'MGH', unitId: '4W', roomId: '405', bedId: 'A' },
    procedures: [
      {
        procedureId: 'PR-1',
        code: '71046',
        codeSystem: 'CPT',
        performedAt: new Date('2026-03-02T18:00:00Z'),
        surgeonNpi: null,
      },
      {
        procedureId: 'PR-2',
        code: '80053',
        codeSystem: 'CPT',
        performedAt: new Date('2026-03-03T12:00:00Z'),
        surgeonNpi: null,
      },
      {
        procedureId: 'PR-3',
        code: '02HV33Z',
        codeSystem: 'ICD10PCS',
        performedAt: new Date('2026-03-03T15:00:00Z'),
        surgeonNpi: null,
      },
    ],
    supplies: [
      {
        usageId: randomUUID(),
        itemId: 'ITM-1003',
        chargeCode: '2700003',
        hcpcsCode: null,
        quantity: 3,
        unitOfMeasure: 'EA',
        usedAt: new Date('2026-03-02T16:00:00Z'),
      },
      {
        usageId: randomUUID(),
        itemId: 'ITM-1005',
        chargeCode: '2500005',
        hcpcsCode: 'J1650',
        quantity: 2,
        unitOfMeasure: 'EA',
        usedAt: new Date('2026-03-03T16:00:00Z'),
      },
    ],
    payerId: 'MEDICARE-A',
    ...overrides,
  };
}

export function reverseCharges(
  c: DischargeCase,
  chargeIds: readonly string[],
): Draft<ReverseCharges> {
  return {
    ...SAGA,
    sagaId: c.sagaId,
    stepName: 'FinalizeCharges',
    compensatedCommandMessageId: randomUUID(),
    encounterId: c.encounterId,
    chargeIds,
    reason: UNDO,
  };
}

export const HEART_FAILURE: readonly DiagnosisLine[] = [
  { icd10CmCode: 'I50.23', priority: 1, principal: true, diagnosisType: 'ADMITTING' },
  { icd10CmCode: 'N18.3', priority: 2, principal: false, diagnosisType: 'WORKING' },
];

export function completeCoding(
  c: DischargeCase,
  diagnoses: readonly DiagnosisLine[],
): Draft<CompleteCoding> {
  const { procedures } = finalizeCharges(c);
  return {
    ...SAGA,
    sagaId: c.sagaId,
    stepName: 'CompleteCoding',
    encounterId: c.encounterId,
    patientClass: 'INPATIENT',
    admittedAt: ADMITTED,
    dischargedAt: DISCHARGED,
    dischargeDisposition: '01',
    diagnoses,
    procedures,
    chargeIds: [],
  };
}

export const CODED_HEART_FAILURE: readonly CodedDiagnosis[] = [
  { icd10CmCode: 'I50.23', sequence: 1, principal: true, presentOnAdmission: 'Y' },
  { icd10CmCode: 'N18.3', sequence: 2, principal: false, presentOnAdmission: 'Y' },
];

export function submitClaim(
  c: DischargeCase,
  charges: { readonly chargeIds: readonly string[]; readonly totalCharge: string },
  diagnoses: readonly CodedDiagnosis[] = CODED_HEART_FAILURE,
): Draft<SubmitClaim> {
  return {
    ...SAGA,
    sagaId: c.sagaId,
    stepName: 'SubmitClaim',
    encounterId: c.encounterId,
    claimType: 'INSTITUTIONAL_837I',
    payerId: 'MEDICARE-A',
    planId: 'MCR-PART-A',
    patientClass: 'INPATIENT',
    admittedAt: ADMITTED,
    dischargedAt: DISCHARGED,
    dischargeDisposition: '01',
    attendingProviderNpi: '1245319599',
    ...charges,
    currency: 'USD',
    diagnoses,
    procedures: [],
    drgCode: '291',
  };
}

export function voidClaim(c: DischargeCase, claimId: string): Draft<VoidClaim> {
  return {
    ...SAGA,
    sagaId: c.sagaId,
    stepName: 'SubmitClaim',
    compensatedCommandMessageId: randomUUID(),
    claimId,
    encounterId: c.encounterId,
    payerId: 'MEDICARE-A',
    reason: UNDO,
  };
}
