import {
  EncounterAdmissionCancelled,
  EncounterAdmitted,
  EncounterDischargeCancelled,
  EncounterDischarged,
  EncounterRegistered,
  EncounterTransferred,
  EncounterUpdated,
  Topics,
} from '@meridian/contracts';
import type { Location, RecordOf, TopicRecord, TopicRecordContract } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import type { EncounterFacts } from './encounter-facts.js';

type EncounterTopic = typeof Topics.ClinicalEncounterV1;
export type EncounterRecordContract = TopicRecordContract<EncounterTopic>;

/**
 * Where encounter events go: `clinical.encounter.v1`, or `clinical.encounter.nonprod.v1` for HL7
 * training and debugging messages (MSH-11 `T`/`D`) with HL7_NON_PRODUCTION=publish. Both carry the
 * same records under the same key.
 */
export const ENCOUNTER_TOPICS = {
  production: Topics.ClinicalEncounterV1,
  nonProduction: Topics.ClinicalEncounterNonprodV1,
} as const;

/** A canonical event ready to publish on an encounter topic, keyed by its encounter id. */
export interface EncounterEvent {
  readonly contract: EncounterRecordContract;
  readonly draft: Draft<TopicRecord<EncounterTopic>>;
  readonly encounterId: string;
}

function event<K extends EncounterRecordContract>(
  contract: K,
  draft: Draft<RecordOf<K>> & { readonly encounterId: string },
): EncounterEvent {
  return { contract, draft, encounterId: draft.encounterId };
}

/** A fact the trigger requires (checked with `missingFacts` before); its absence is a bug. */
function must<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} was not checked before building the event`);
  return value;
}

/**
 * The canonical event of `facts` (whose required facts were checked with `missingFacts`):
 * identifiers and the fields the event's consumers need, nothing else.
 */
export function toEncounterEvent(facts: EncounterFacts): EncounterEvent {
  const common = {
    encounterId: facts.encounterId,
    visitNumber: facts.visitNumber,
    visitNumberAuthority: facts.visitNumberAuthority,
    patientMrn: facts.patientMrn,
    mrnAssigningAuthority: facts.mrnAssigningAuthority,
    sourceSystem: facts.sourceSystem,
    sourceControlId: facts.sourceControlId,
  };
  const payer = { primaryPayerId: facts.primaryPayerId, primaryPlanId: facts.primaryPlanId };
  const care = {
    attendingProviderNpi: facts.attendingProviderNpi,
    hospitalService: facts.hospitalService,
  };
  const recordedAt = (): Date => must(facts.recordedAt, 'recordedAt');
  const location = (): Location => must(facts.location, 'location');
  switch (facts.trigger) {
    case 'REGISTER':
      return event(EncounterRegistered, {
        ...common,
        ...care,
        ...payer,
        patientClass: facts.patientClass,
        registeredAt: recordedAt(),
        expectedAdmitAt: facts.expectedAdmitAt,
        location: facts.location,
      });
    case 'ADMIT':
      return event(EncounterAdmitted, {
        ...common,
        ...care,
        ...payer,
        patientClass: facts.patientClass,
        admittedAt: must(facts.admittedAt, 'admittedAt'),
        location: location(),
        admittingDiagnoses: facts.diagnoses.filter((d) => d.diagnosisType === 'ADMITTING'),
      });
    case 'TRANSFER':
      return event(EncounterTransferred, {
        ...common,
        patientClass: facts.patientClass,
        transferredAt: facts.occurredAt ?? recordedAt(),
        fromLocation: facts.priorLocation,
        toLocation: location(),
        attendingProviderNpi: facts.attendingProviderNpi,
      });
    case 'UPDATE':
      return event(EncounterUpdated, {
        ...common,
        ...care,
        ...payer,
        patientClass: facts.patientClass,
        updatedAt: recordedAt(),
        admittedAt: facts.admittedAt,
        location: facts.location,
        diagnoses: [...facts.diagnoses],
      });
    case 'CANCEL_ADMISSION':
      return event(EncounterAdmissionCancelled, {
        ...common,
        cancelledAt: recordedAt(),
        location: facts.location,
      });
    case 'DISCHARGE':
      return event(EncounterDischarged, {
        ...common,
        ...care,
        ...payer,
        patientClass: facts.patientClass,
        admittedAt: must(facts.admittedAt, 'admittedAt'),
        dischargedAt: must(facts.dischargedAt, 'dischargedAt'),
        location: location(),
        dischargeDisposition: facts.dischargeDisposition,
        diagnoses: [...facts.diagnoses],
        procedures: [...facts.procedures],
      });
    case 'CANCEL_DISCHARGE':
      return event(EncounterDischargeCancelled, {
        ...common,
        cancelledAt: recordedAt(),
        location: facts.location,
      });
  }
}
