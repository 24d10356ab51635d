// Realistic inpatient stays for the e2e tests, the demo feeder and the benchmarks: clinical pictures
// that fit the seeded reference data (units, chargemaster CPT codes, payers) and the ADT messages
// of one stay. Fake identifiers and demographics only.
import { buildAdtMessage } from '@meridian/hl7';
import type {
  AdtDiagnosis,
  AdtEvent,
  AdtInsurance,
  AdtLocation,
  AdtMessageInput,
  AdtProcedure,
  AdtProvider,
} from '@meridian/hl7';

/** A clinical picture: diagnoses (ICD-10-CM, first is principal), CPT procedures, usual unit. */
export interface ClinicalPicture {
  readonly name: string;
  readonly unitId: string;
  readonly hospitalService: string;
  readonly diagnoses: readonly string[];
  readonly procedures: readonly string[];
}

export const CLINICAL_PICTURES: readonly ClinicalPicture[] = [
  {
    name: 'acute on chronic systolic heart failure',
    unitId: '5E',
    hospitalService: 'CAR',
    diagnoses: ['I50.23', 'I10', 'E11.9'],
    procedures: ['93005', '71046', '80053'],
  },
  {
    name: 'community-acquired pneumonia',
    unitId: '4W',
    hospitalService: 'MED',
    diagnoses: ['J18.9', 'J44.1'],
    procedures: ['71046', '85025'],
  },
  {
    name: 'sepsis with acute kidney injury',
    unitId: 'ICU',
    hospitalService: 'MED',
    diagnoses: ['A41.9', 'N17.9'],
    procedures: ['36556', '80053', '85025'],
  },
  {
    name: 'urinary tract infection with dehydration',
    unitId: '4W',
    hospitalService: 'MED',
    diagnoses: ['N39.0', 'E86.0'],
    procedures: ['85025', '80053'],
  },
  {
    name: 'NSTEMI',
    unitId: '5E',
    hospitalService: 'CAR',
    diagnoses: ['I21.4', 'I25.10'],
    procedures: ['93005', '80053'],
  },
  {
    name: 'RSV bronchiolitis',
    unitId: 'PEDS',
    hospitalService: 'PED',
    diagnoses: ['J21.0'],
    procedures: ['71046'],
  },
];

export const PAYERS: readonly AdtInsurance[] = [
  { payerId: 'MEDICARE-A', planId: 'MCR-PART-A', payerName: 'MEDICARE PART A' },
  { payerId: 'BCBS-PPO', planId: 'BCBS-PPO-GOLD', payerName: 'BLUE CROSS PPO' },
  { payerId: 'AETNA-HMO', planId: 'AETNA-HMO-SILVER', payerName: 'AETNA HMO' },
];

const ATTENDING: AdtProvider = { npi: '1234567893', family: 'HOUSE', given: 'GREGORY' };
const HOUR_MS = 3_600_000;

/** One inpatient stay: everything its ADT messages say. */
export interface Stay {
  /** PV1-19.1, unique within its facility. */
  readonly visitNumber: string;
  /** PV1-19.4: the facility that assigned the visit number (the location's, default `MGH`). */
  readonly facilityId: string;
  /** The platform's encounter id: `<facility>:<visit number>`, as encounter-ingest qualifies it. */
  readonly encounterId: string;
  readonly mrn: string;
  readonly picture: ClinicalPicture;
  readonly location: AdtLocation;
  readonly admitAt: Date;
  readonly dischargeAt: Date;
  readonly diagnoses: readonly AdtDiagnosis[];
  readonly procedures: readonly AdtProcedure[];
  /** Empty: self-pay. */
  readonly insurance: readonly AdtInsurance[];
}

export interface StayOptions {
  readonly visitNumber: string;
  readonly mrn?: string;
  /** Default the picture's unit, room and bed unset. */
  readonly location?: AdtLocation;
  readonly picture?: ClinicalPicture;
  /** Default so that the discharge is an hour ago. */
  readonly admitAt?: Date;
  /** Default 50 hours (two midnights or three, depending on the admission hour). */
  readonly lengthOfStayHours?: number;
  /** False: the DG1s carry no priority 1, so coding waits for a person. Default true. */
  readonly principalDiagnosis?: boolean;
  /** Default the first payer; `null` for self-pay. */
  readonly payer?: AdtInsurance | null;
}

/** A stay from its options; diagnoses admitting (A) then final (F) at discharge. */
export function planStay(options: StayOptions): Stay {
  const picture = options.picture ?? CLINICAL_PICTURES[0];
  if (!picture) throw new Error('no clinical picture');
  const stayMs = (options.lengthOfStayHours ?? 50) * HOUR_MS;
  const admitAt = options.admitAt ?? new Date(Date.now() - stayMs - HOUR_MS);
  const dischargeAt = new Date(admitAt.getTime() + stayMs);
  const principal = options.principalDiagnosis ?? true;
  const location = options.location ?? { unitId: picture.unitId, facilityId: 'MGH' };
  const facilityId = location.facilityId ?? 'MGH';
  return {
    visitNumber: options.visitNumber,
    facilityId,
    encounterId: `${facilityId}:${options.visitNumber}`,
    mrn: options.mrn ?? `MRN${options.visitNumber.replace(/\D/g, '').slice(-8).padStart(8, '0')}`,
    picture,
    location,
    admitAt,
    dischargeAt,
    diagnoses: picture.diagnoses.map((code, i) => ({
      code,
      type: 'F' as const,
      ...(principal ? { priority: i + 1 } : {}),
    })),
    procedures: picture.procedures.map((code, i) => ({
      code,
      system: 'CPT' as const,
      performedAt: new Date(admitAt.getTime() + (i + 1) * HOUR_MS),
    })),
    insurance: options.payer === null ? [] : [options.payer ?? (PAYERS[0] as AdtInsurance)],
  };
}

/** The ADT message of `event` for a stay (A01 admit, A02 transfer, A03 discharge, A13 cancel, …). */
export function stayMessage(
  event: AdtEvent,
  stay: Stay,
  overrides: Partial<AdtMessageInput> = {},
): string {
  const discharged = event === 'A03' || event === 'A13';
  return buildAdtMessage({
    event,
    visitNumber: stay.visitNumber,
    assigningAuthority: stay.facilityId,
    sendingFacility: stay.facilityId,
    mrn: stay.mrn,
    patientClass: 'I',
    location: stay.location,
    attending: ATTENDING,
    hospitalService: stay.picture.hospitalService,
    admitAt: stay.admitAt,
    ...(discharged ? { dischargeAt: stay.dischargeAt, disposition: '01' } : {}),
    ...(event === 'A01' || event === 'A03'
      ? {
          diagnoses:
            event === 'A01'
              ? stay.diagnoses.slice(0, 1).map((d) => ({ ...d, type: 'A' as const }))
              : stay.diagnoses,
          insurance: stay.insurance,
        }
      : {}),
    ...(event === 'A03' ? { procedures: stay.procedures } : {}),
    recordedAt: discharged ? stay.dischargeAt : stay.admitAt,
    ...overrides,
  });
}

/** An HL7 message with one field emptied or replaced (`PID-3`, `PV1-45`): for invalid-input demos. */
export function withField(message: string, segment: string, field: number, value: string): string {
  return message
    .split('\r')
    .map((line) => {
      if (!line.startsWith(`${segment}|`)) return line;
      const fields = line.split('|');
      while (fields.length <= field) fields.push('');
      fields[field] = value;
      return fields.join('|');
    })
    .join('\r');
}
