// What the integration tests send to workforce-sync: ADT facts and saga commands, with the
// fields the schemas require and identifiers only.
import { randomUUID } from 'node:crypto';
import type {
  EncounterAdmissionCancelled,
  EncounterAdmitted,
  EncounterTransferred,
  Location,
  ReleaseBed,
  RestoreBed,
} from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';

/**
 * A fresh encounter per test, so tests on shared topics never see each other's encounters:
 * facility-qualified as encounter-ingest names them, `MGH:V-<uuid>`.
 */
export function encounterId(facilityId = 'MGH'): string {
  return `${facilityId}:V-${randomUUID()}`;
}

const PATIENT = {
  patientMrn: 'MRN00042',
  mrnAssigningAuthority: null,
  visitNumber: null,
  visitNumberAuthority: null,
  sourceSystem: 'HL7V2',
} as const;

export function admitted(encounter: string, location: Location): Draft<EncounterAdmitted> {
  return {
    ...PATIENT,
    encounterId: encounter,
    patientClass: 'INPATIENT',
    admittedAt: new Date(),
    location,
    attendingProviderNpi: null,
    hospitalService: 'MED',
    admittingDiagnoses: [],
    primaryPayerId: 'MEDICARE-A',
    primaryPlanId: 'MCR-PART-A',
    sourceControlId: randomUUID(),
  };
}

export function transferred(
  encounter: string,
  from: Location,
  to: Location,
): Draft<EncounterTransferred> {
  return {
    ...PATIENT,
    encounterId: encounter,
    patientClass: 'INPATIENT',
    transferredAt: new Date(),
    fromLocation: from,
    toLocation: to,
    attendingProviderNpi: null,
    sourceControlId: randomUUID(),
  };
}

export function admissionCancelled(
  encounter: string,
  location: Location,
): Draft<EncounterAdmissionCancelled> {
  return {
    ...PATIENT,
    encounterId: encounter,
    cancelledAt: new Date(),
    location,
    sourceControlId: randomUUID(),
  };
}

const STEP = { sagaType: 'discharge-to-revenue', stepName: 'ReleaseBed' } as const;

export function releaseBed(
  sagaId: string,
  encounter: string,
  location: Location,
): Draft<ReleaseBed> {
  return { ...STEP, sagaId, encounterId: encounter, location, dischargedAt: new Date() };
}

export function restoreBed(
  sagaId: string,
  encounter: string,
  location: Location,
  compensatedCommandMessageId: string,
): Draft<RestoreBed> {
  return {
    ...STEP,
    sagaId,
    encounterId: encounter,
    location,
    compensatedCommandMessageId,
    reason: 'DISCHARGE_CANCELLED',
  };
}
