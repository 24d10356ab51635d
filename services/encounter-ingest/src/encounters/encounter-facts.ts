import type {
  DiagnosisLine,
  VisitNumber,
  Location,
  PatientClass,
  ProcedureLine,
  SourceSystem,
} from '@meridian/contracts';
import type { ErrorLocation, Hl7ErrorCode } from '@meridian/hl7';

/** What happened to the encounter: one canonical event each. */
export type EncounterTrigger =
  | 'REGISTER'
  | 'ADMIT'
  | 'TRANSFER'
  | 'UPDATE'
  | 'CANCEL_ADMISSION'
  | 'DISCHARGE'
  | 'CANCEL_DISCHARGE';

/**
 * What an inbound message says about an encounter, whatever its protocol (HL7 v2 ADT or FHIR
 * Encounter): identifiers and the fields the canonical events carry, never demographics.
 */
export interface EncounterFacts extends VisitNumber {
  readonly trigger: EncounterTrigger;
  /** `encounterIdOf` the visit number: facility-qualified, unique across the network. */
  readonly encounterId: string;
  readonly patientMrn: string;
  readonly mrnAssigningAuthority: string | null;
  readonly patientClass: PatientClass;
  /** When the sender recorded the event (EVN-2, FHIR meta.lastUpdated). */
  readonly recordedAt: Date | null;
  /** When the event happened, if it differs (EVN-6). */
  readonly occurredAt: Date | null;
  readonly admittedAt: Date | null;
  readonly dischargedAt: Date | null;
  readonly expectedAdmitAt: Date | null;
  readonly location: Location | null;
  readonly priorLocation: Location | null;
  readonly attendingProviderNpi: string | null;
  readonly hospitalService: string | null;
  readonly dischargeDisposition: string | null;
  readonly diagnoses: readonly DiagnosisLine[];
  readonly procedures: readonly ProcedureLine[];
  readonly primaryPayerId: string | null;
  readonly primaryPlanId: string | null;
  readonly sourceSystem: SourceSystem;
  readonly sourceControlId: string;
}

/** What a problem with an inbound message is; each protocol answers it in its own terms. */
export type IssueKind =
  | 'required'
  | 'datatype'
  | 'code'
  | 'structure'
  | 'unsupported-type'
  | 'unsupported-event'
  | 'unsupported-version'
  | 'internal';

/** One problem with an inbound message, naming where it is (never the value: it may be PHI). */
export interface IngestIssue {
  readonly kind: IssueKind;
  /** The field as the sender knows it: `PID-3`, `PV1-45`, `Encounter.period.start`. */
  readonly where: string;
  /** For people, starting with `where`: `PV1-45 is not a valid HL7 timestamp`. */
  readonly message: string;
  /** HL7 v2 only: the ERR-2 location. */
  readonly hl7?: ErrorLocation;
  /** HL7 v2 only: the ERR-3 code (table 0357) when the kind's own does not fit, e.g. 202. */
  readonly hl7Code?: Hl7ErrorCode;
}

/** Where a fact comes from in a protocol, to name it when it is missing. */
export interface FactSource {
  readonly where: string;
  readonly hl7?: ErrorLocation;
}

export type RequirableFact = 'recordedAt' | 'admittedAt' | 'dischargedAt' | 'location';

/** The facts each event cannot be built without (identifiers and class are always required). */
export const REQUIRED_FACTS: Readonly<Record<EncounterTrigger, readonly RequirableFact[]>> = {
  REGISTER: ['recordedAt'],
  ADMIT: ['admittedAt', 'location'],
  TRANSFER: ['recordedAt', 'location'],
  UPDATE: ['recordedAt'],
  CANCEL_ADMISSION: ['recordedAt'],
  DISCHARGE: ['admittedAt', 'dischargedAt', 'location'],
  CANCEL_DISCHARGE: ['recordedAt'],
};

/** The required facts `facts` lacks, as `required` issues named by `sources`. */
export function missingFacts(
  facts: Pick<EncounterFacts, 'trigger' | RequirableFact>,
  sources: Readonly<Record<RequirableFact, FactSource>>,
): IngestIssue[] {
  return REQUIRED_FACTS[facts.trigger]
    .filter((fact) => facts[fact] === null)
    .map((fact) => {
      const source = sources[fact];
      return {
        kind: 'required',
        where: source.where,
        message: `${source.where} is required`,
        ...(source.hl7 ? { hl7: source.hl7 } : {}),
      };
    });
}
