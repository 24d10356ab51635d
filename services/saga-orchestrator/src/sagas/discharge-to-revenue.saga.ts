// discharge-to-revenue: a discharge documented in the EHR becomes a released bed, finalized
// charges, a coded and submitted claim and a revenue journal; an ADT^A13 undoes it.
import {
  type ChargeableSupply,
  type CodedDiagnosis,
  type CodedProcedure,
  CompleteCoding,
  type DiagnosisLine,
  EncounterDischargeCancelled,
  EncounterDischarged,
  FinalizeCharges,
  type Location,
  type PatientClass,
  PostRevenueJournal,
  type ProcedureLine,
  ReconcileEncounterSupplies,
  ReleaseBed,
  RestoreBed,
  type RevenueCodeAmount,
  ReverseCharges,
  ReverseJournal,
  SELF_PAY,
  SubmitClaim,
  UnreconcileEncounterSupplies,
  VoidClaim,
  Topics,
} from '@meridian/contracts';
import { asJson, defineSaga, hours, need, workItem, type FromJson } from '@meridian/saga';
import { standardPolicy } from './policy.js';

/** What the saga carries from step to step (JSON: timestamps are ISO strings). */
export type DischargeData = {
  readonly encounterId: string;
  readonly patientClass: PatientClass;
  readonly admittedAt: string;
  readonly dischargedAt: string;
  readonly location: FromJson<Location>;
  readonly attendingProviderNpi: string | null;
  readonly dischargeDisposition: string | null;
  readonly diagnoses: FromJson<DiagnosisLine[]>;
  readonly procedures: FromJson<ProcedureLine[]>;
  readonly payerId: string | null;
  readonly planId: string | null;
  readonly supplies?: FromJson<ChargeableSupply[]>;
  readonly chargeIds?: readonly string[];
  readonly totalCharge?: string;
  readonly currency?: string;
  readonly codedDiagnoses?: FromJson<CodedDiagnosis[]>;
  readonly codedProcedures?: FromJson<CodedProcedure[]>;
  readonly drgCode?: string | null;
  readonly claimId?: string;
  readonly revenueCodeTotals?: FromJson<RevenueCodeAmount[]>;
  readonly journalId?: string;
};

const CODING_TIMEOUT = hours(72); // a coder works the queue in revenue-cycle
const UNDO = 'discharge cancelled (ADT^A13) or saga cancelled';
const stay = (d: DischargeData) => ({
  encounterId: d.encounterId,
  patientClass: d.patientClass,
  admittedAt: d.admittedAt,
  dischargedAt: d.dischargedAt,
});

// Production encounters only: the same records on clinical.encounter.nonprod.v1 (HL7 training and
// debugging messages) never start or cancel a saga.
export const dischargeToRevenue = defineSaga<DischargeData>('discharge-to-revenue', 1)
  .startedBy(EncounterDischarged, {
    topic: Topics.ClinicalEncounterV1,
    businessKey: (e) => e.encounterId,
    data: (e) => ({
      encounterId: e.encounterId,
      patientClass: e.patientClass,
      admittedAt: e.admittedAt.toISOString(),
      dischargedAt: e.dischargedAt.toISOString(),
      location: asJson(e.location),
      attendingProviderNpi: e.attendingProviderNpi,
      dischargeDisposition: e.dischargeDisposition,
      diagnoses: asJson(e.diagnoses),
      procedures: asJson(e.procedures),
      payerId: e.primaryPayerId,
      planId: e.primaryPlanId,
    }),
  })
  .cancelledBy(EncounterDischargeCancelled, (c) => c.encounterId, {
    topic: Topics.ClinicalEncounterV1,
  })
  .policy(standardPolicy('revenue-integrity', hours(24)))
  // 1. workforce-sync: bed to cleaning, unit census updated.
  .step('ReleaseBed')
  .invoke(ReleaseBed, (d) => ({
    encounterId: d.encounterId,
    location: d.location,
    dischargedAt: d.dischargedAt,
  }))
  .compensateWith(RestoreBed, (d) => ({
    encounterId: d.encounterId,
    location: d.location,
    reason: UNDO,
  }))
  // 2. supply-consumption: the chargeable supplies used in the encounter.
  .step('ReconcileEncounterSupplies')
  .invoke(ReconcileEncounterSupplies, (d) => ({
    encounterId: d.encounterId,
    admittedAt: d.admittedAt,
    dischargedAt: d.dischargedAt,
  }))
  .onReply((d, r) => ({ ...d, supplies: asJson(need(r, 'chargeableSupplies')) }))
  .compensateWith(UnreconcileEncounterSupplies, (d) => ({
    encounterId: d.encounterId,
    reason: UNDO,
  }))
  // 3. revenue-cycle: room & board days, procedures and supplies through the chargemaster.
  .step('FinalizeCharges')
  .invoke(FinalizeCharges, (d) => ({
    ...stay(d),
    location: d.location,
    procedures: d.procedures,
    supplies: need(d, 'supplies'),
    payerId: d.payerId,
  }))
  .onReply((d, r) => ({
    ...d,
    chargeIds: need(r, 'chargeIds'),
    totalCharge: need(r, 'totalAmount'),
    currency: need(r, 'currency'),
  }))
  .compensateWith(ReverseCharges, (d) => ({
    encounterId: d.encounterId,
    chargeIds: need(d, 'chargeIds'),
    reason: UNDO,
  }))
  .onRejection(
    'CHARGE_CODE_NOT_FOUND',
    workItem({ type: 'CHARGEMASTER_ENTRY_MISSING', team: 'revenue-integrity' }),
  )
  // 4. revenue-cycle: auto-coded by rules, or the encounter waits in the coding queue for a coder.
  .step('CompleteCoding')
  .invoke(CompleteCoding, (d) => ({
    ...stay(d),
    dischargeDisposition: d.dischargeDisposition,
    diagnoses: d.diagnoses,
    procedures: d.procedures,
    chargeIds: need(d, 'chargeIds'),
  }))
  .onReply((d, r) => ({
    ...d,
    codedDiagnoses: asJson(need(r, 'diagnoses')),
    codedProcedures: asJson(need(r, 'procedures')),
    drgCode: r.drgCode,
  }))
  .replyTimeout(CODING_TIMEOUT)
  .expectedWithin(CODING_TIMEOUT)
  // 5. revenue-cycle: the institutional claim (837I) assembled and submitted.
  .step('SubmitClaim')
  .invoke(SubmitClaim, (d) => ({
    ...stay(d),
    claimType: 'INSTITUTIONAL_837I' as const,
    payerId: d.payerId ?? SELF_PAY,
    planId: d.planId,
    dischargeDisposition: d.dischargeDisposition,
    attendingProviderNpi: d.attendingProviderNpi,
    chargeIds: need(d, 'chargeIds'),
    totalCharge: need(d, 'totalCharge'),
    currency: need(d, 'currency'),
    diagnoses: need(d, 'codedDiagnoses'),
    procedures: need(d, 'codedProcedures'),
    drgCode: d.drgCode ?? null,
  }))
  .onReply((d, r) => ({
    ...d,
    claimId: need(r, 'claimId'),
    revenueCodeTotals: asJson(need(r, 'revenueCodeTotals')),
  }))
  .compensateWith(VoidClaim, (d) => ({
    claimId: need(d, 'claimId'),
    encounterId: d.encounterId,
    payerId: d.payerId ?? SELF_PAY,
    reason: UNDO,
  }))
  // A payer the payer master does not know: patient financial services adds it (or corrects the
  // registration), then retries; the claim is never sent to an unknown payer.
  .onRejection(
    'PAYER_UNKNOWN',
    workItem({ type: 'PAYER_UNKNOWN', team: 'patient-financial-services' }),
  )
  // 6. procure-to-pay: the AR/revenue journal in the ERP ledger.
  .step('PostRevenueJournal')
  .invoke(PostRevenueJournal, (d) => ({
    encounterId: d.encounterId,
    claimId: need(d, 'claimId'),
    payerId: d.payerId ?? SELF_PAY,
    patientClass: d.patientClass,
    amountLines: need(d, 'revenueCodeTotals'),
    totalAmount: need(d, 'totalCharge'),
    currency: need(d, 'currency'),
    postingDate: null,
  }))
  .onReply((d, r) => ({ ...d, journalId: need(r, 'journalId') }))
  .compensateWith(ReverseJournal, (d) => ({
    journalId: need(d, 'journalId'),
    claimId: d.claimId ?? null,
    reason: UNDO,
  }))
  .build();
