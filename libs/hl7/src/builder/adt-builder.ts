import { randomBytes } from 'node:crypto';
import type { KnownProcedureSystem } from '@meridian/contracts';
import { encodeHl7 } from '../codec.js';
import { Hl7Message, Hl7Segment } from '../message.js';
import type { FieldInput } from '../message.js';
import { ADT_EVENT_STRUCTURES } from '../structure.js';
import type { AdtEvent } from '../structure.js';
import { formatHl7Timestamp } from '../timestamp.js';

/** HL7 table 0004 patient class. */
export type Hl7PatientClass = 'I' | 'O' | 'E' | 'P' | 'R' | 'B';

/** PV1-3 / PV1-6 (PL): `unit^room^bed^facility`. */
export interface AdtLocation {
  readonly unitId: string;
  readonly roomId?: string;
  readonly bedId?: string;
  readonly facilityId?: string;
}

export interface AdtProvider {
  readonly npi: string;
  readonly family: string;
  readonly given: string;
}

export interface AdtDiagnosis {
  /** ICD-10-CM, e.g. `I21.4`. */
  readonly code: string;
  readonly description?: string;
  /** DG1-6: A admitting, W working, F final. */
  readonly type?: 'A' | 'W' | 'F';
  /** DG1-15: 1 is the principal diagnosis. */
  readonly priority?: number;
}

export interface AdtProcedure {
  readonly code: string;
  readonly system: KnownProcedureSystem;
  readonly description?: string;
  readonly performedAt: Date;
  readonly surgeon?: AdtProvider;
  /** PR1-19, e.g. the id an implant usage refers to. */
  readonly procedureId?: string;
}

export interface AdtInsurance {
  /** IN1-3, e.g. `BCBS-PPO`. */
  readonly payerId: string;
  /** IN1-2, e.g. `BCBS-PPO-GOLD`. */
  readonly planId?: string;
  readonly payerName?: string;
}

/** Fake demographics only: the defaults are `DOE^JANE`, born 1970-01-01. */
export interface AdtPatient {
  readonly family: string;
  readonly given: string;
  /** `YYYYMMDD` */
  readonly birthDate: string;
  readonly sex: 'F' | 'M' | 'U';
}

export interface AdtMessageInput {
  readonly event: AdtEvent;
  /** PV1-19.1, the encounter id, e.g. `V000123`. */
  readonly visitNumber: string;
  /** PID-3.1 with identifier type MR, e.g. `MRN00042`. */
  readonly mrn: string;
  /** PID-3.4 and PV1-19.4; default `MGH`. */
  readonly assigningAuthority?: string;
  /** PV1-2; default `I`. */
  readonly patientClass?: Hl7PatientClass;
  readonly location?: AdtLocation;
  readonly priorLocation?: AdtLocation;
  readonly attending?: AdtProvider;
  /** PV1-10, e.g. `MED`. */
  readonly hospitalService?: string;
  readonly admitAt?: Date;
  readonly dischargeAt?: Date;
  /** PV1-36, UB-04 discharge status, e.g. `01`. */
  readonly disposition?: string;
  readonly diagnoses?: readonly AdtDiagnosis[];
  readonly procedures?: readonly AdtProcedure[];
  readonly insurance?: readonly AdtInsurance[];
  readonly patient?: AdtPatient;
  /** EVN-2 (and MSH-7 unless `sentAt`); default now. */
  readonly recordedAt?: Date;
  /** EVN-6, e.g. when a transfer happened. */
  readonly occurredAt?: Date;
  readonly sentAt?: Date;
  /** MSH-10; default a fresh id. */
  readonly controlId?: string;
  readonly sendingApplication?: string;
  readonly sendingFacility?: string;
  readonly receivingApplication?: string;
  readonly receivingFacility?: string;
  /** Zone the timestamps are written in (with their offset); default `America/New_York`. */
  readonly timeZone?: string;
}

const DEFAULT_PATIENT: AdtPatient = {
  family: 'DOE',
  given: 'JANE',
  birthDate: '19700101',
  sex: 'F',
};

/** PR1-3.3, HL7 table 0396 coding systems. */
const PROCEDURE_SYSTEMS: Readonly<Record<KnownProcedureSystem, string>> = {
  CPT: 'C4',
  HCPCS: 'HCPCS',
  ICD10PCS: 'I10P',
};

/** Which optional segment groups each structure carries. */
const CARRIES = {
  ADT_A01: { diagnoses: true, procedures: true, insurance: true },
  ADT_A03: { diagnoses: true, procedures: true, insurance: true },
  ADT_A02: { diagnoses: false, procedures: false, insurance: false },
  ADT_A09: { diagnoses: true, procedures: false, insurance: false },
} as const;

/** Random bytes of each control id. */
const ID_RANDOM_BYTES = 5;
/** Random bytes drawn at once for the ids to come (a draw per ACK cost more than making it). */
let randomPool = Buffer.alloc(0);
let poolUsed = 0;

/** The next unused random bytes of the pool, as upper-case hex; each byte is used once. */
function randomHex(bytes: number): string {
  if (poolUsed + bytes > randomPool.length) {
    randomPool = randomBytes(bytes * 256);
    poolUsed = 0;
  }
  const hex = randomPool.toString('hex', poolUsed, poolUsed + bytes);
  poolUsed += bytes;
  return hex.toUpperCase();
}

/**
 * A fresh MSH-10: at most 20 characters (the time in base 36 and 40 random bits), unique enough
 * for ACKs, tests, demos and benchmarks.
 */
export function newControlId(prefix = 'M'): string {
  return `${prefix}${Date.now().toString(36).toUpperCase()}${randomHex(ID_RANDOM_BYTES)}`;
}

function location(l: AdtLocation | undefined): FieldInput {
  return l ? [l.unitId, l.roomId ?? '', l.bedId ?? '', l.facilityId ?? ''] : undefined;
}

function provider(p: AdtProvider | undefined): FieldInput {
  return p
    ? [p.npi, p.family, p.given, '', '', '', 'MD', '', 'NPI', 'L', '', '', 'NPI']
    : undefined;
}

/**
 * A realistic HL7 v2.5.1 ADT message (segments separated by CR) from a small typed object: MSH,
 * EVN, PID, PV1, then DG1, PR1 and IN1 where the event's structure carries them (an A02 carries
 * none, an A11 no procedures or insurance: asking for them there throws).
 */
export function buildAdtMessage(input: AdtMessageInput): string {
  const structure = ADT_EVENT_STRUCTURES[input.event];
  const carries = CARRIES[structure];
  for (const group of ['diagnoses', 'procedures', 'insurance'] as const) {
    if ((input[group]?.length ?? 0) > 0 && !carries[group]) {
      throw new Error(`ADT^${input.event} (${structure}) carries no ${group}`);
    }
  }
  const zone = input.timeZone ?? 'America/New_York';
  const ts = (date: Date | undefined): string | undefined =>
    date ? formatHl7Timestamp(date, { timeZone: zone }) : undefined;
  const recordedAt = input.recordedAt ?? new Date();
  const authority = input.assigningAuthority ?? 'MGH';
  const patient = input.patient ?? DEFAULT_PATIENT;
  const msh: FieldInput[] = [
    input.sendingApplication ?? 'EPIC',
    input.sendingFacility ?? 'MGH',
    input.receivingApplication ?? 'MERIDIAN',
    input.receivingFacility ?? 'MGH',
    ts(input.sentAt ?? recordedAt),
    undefined,
    ['ADT', input.event, structure],
    input.controlId ?? newControlId(),
    'P',
    '2.5.1',
  ];
  const segments = [
    Hl7Segment.of('EVN', [input.event, ts(recordedAt), '', '', '', ts(input.occurredAt)]),
    Hl7Segment.of('PID', [
      '1',
      '',
      [input.mrn, '', '', authority, 'MR'],
      '',
      [patient.family, patient.given, '', '', '', '', 'L'],
      '',
      patient.birthDate,
      patient.sex,
      '',
      '',
      ['1 MAIN ST', '', 'BOSTON', 'MA', '02114', 'USA'],
    ]),
    pv1(input, authority, ts),
    ...(input.diagnoses ?? []).map((d, i) =>
      Hl7Segment.of('DG1', [
        String(i + 1),
        '',
        [d.code, d.description ?? '', 'I10'],
        d.description,
        ts(recordedAt),
        d.type ?? 'F',
        ...Array<string>(8).fill(''),
        d.priority === undefined ? '' : String(d.priority),
      ]),
    ),
    ...(input.procedures ?? []).map((p, i) =>
      Hl7Segment.of('PR1', [
        String(i + 1),
        '',
        [p.code, p.description ?? '', PROCEDURE_SYSTEMS[p.system]],
        p.description,
        ts(p.performedAt),
        ...Array<string>(5).fill(''),
        provider(p.surgeon),
        ...Array<string>(7).fill(''),
        p.procedureId,
      ]),
    ),
    ...(input.insurance ?? []).map((ins, i) =>
      Hl7Segment.of('IN1', [String(i + 1), ins.planId, ins.payerId, ins.payerName]),
    ),
  ];
  return encodeHl7(Hl7Message.create(msh, segments));
}

function pv1(
  input: AdtMessageInput,
  authority: string,
  ts: (date: Date | undefined) => string | undefined,
): Hl7Segment {
  const fields: FieldInput[] = Array<FieldInput>(45).fill(undefined);
  const set = (position: number, value: FieldInput): void => {
    fields[position - 1] = value;
  };
  set(1, '1');
  set(2, input.patientClass ?? 'I');
  set(3, location(input.location));
  set(6, location(input.priorLocation));
  set(7, provider(input.attending));
  set(10, input.hospitalService);
  set(19, [input.visitNumber, '', '', authority, 'VN']);
  set(36, input.disposition);
  set(44, ts(input.admitAt));
  set(45, ts(input.dischargeAt));
  while (fields.length > 0 && fields.at(-1) === undefined) fields.pop();
  return Hl7Segment.of('PV1', fields);
}
