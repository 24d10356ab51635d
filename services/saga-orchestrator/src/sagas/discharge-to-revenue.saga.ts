// discharge-to-revenue: a discharge documented in the EHR becomes a released bed, finalized
// charges, a coded and submitted claim and a revenue journal; an ADT^A13 undoes it.
import {
  CompleteCoding,
  CompleteCodingReply,
  EncounterDischargeCancelled,
  EncounterDischarged,
  FinalizeCharges,
  FinalizeChargesReply,
  PostRevenueJournal,
  PostRevenueJournalReply,
  ReconcileEncounterSupplies,
  ReconcileEncounterSuppliesReply,
  ReleaseBed,
  ReleaseBedReply,
  RestoreBed,
  RestoreBedReply,
  ReverseCharges,
  ReverseChargesReply,
  ReverseJournal,
  ReverseJournalReply,
  SubmitClaim,
  SubmitClaimReply,
  Topics,
  VoidClaim,
  VoidClaimReply,
  type ChargeableSupply,
  type CodedDiagnosis,
  type CodedProcedure,
  type DiagnosisLine,
  type Location,
  type PatientClass,
  type ProcedureLine,
  type RevenueCodeAmount,
} from '@meridian/contracts';
import {
  asJson,
  cancellation,
  commandStep,
  defineSaga,
  hours,
  invoke,
  minutes,
  seconds,
  type FromJson,
} from '@meridian/saga';

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

const COMMAND_TIMEOUT = minutes(2);
const CODING_TIMEOUT = hours(72); // a coder works the queue in revenue-cycle
const RETRY = { attempts: 3, backoffMs: seconds(2) };
const UNDO_REASON = 'discharge cancelled (ADT^A13) or saga compensated';
const byEncounter = (d: DischargeData): string => d.encounterId;
const clinical = (d: DischargeData) => ({
  encounterId: d.encounterId,
  patientClass: d.patientClass,
  admittedAt: d.admittedAt,
  dischargedAt: d.dischargedAt,
});

export const dischargeToRevenue = defineSaga<EncounterDischarged, DischargeData>({
  name: 'discharge-to-revenue',
  version: 1,
  trigger: {
    topic: Topics.ClinicalEncounterV1,
    record: EncounterDischarged,
    businessKey: (e) => e.encounterId,
    uniqueBy: 'business-key',
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
  },
  cancelledBy: cancellation(
    Topics.ClinicalEncounterV1,
    EncounterDischargeCancelled,
    (c) => c.encounterId,
  ),
  steps: [
    // 1. workforce-sync: bed to cleaning, unit census updated.
    commandStep('ReleaseBed', {
      invoke: invoke(
        Topics.WorkforceSyncCommandsV1,
        ReleaseBed,
        ReleaseBedReply,
        (d: DischargeData) => ({
          encounterId: d.encounterId,
          location: d.location,
          dischargedAt: d.dischargedAt,
        }),
        byEncounter,
      ),
      onReply: (d: DischargeData) => d,
      compensation: invoke(
        Topics.WorkforceSyncCommandsV1,
        RestoreBed,
        RestoreBedReply,
        (d: DischargeData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          encounterId: d.encounterId,
          location: d.location,
          reason: UNDO_REASON,
        }),
        byEncounter,
      ),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 2. supply-consumption: chargeable supplies used in the encounter.
    commandStep('ReconcileEncounterSupplies', {
      invoke: invoke(
        Topics.SupplyConsumptionCommandsV1,
        ReconcileEncounterSupplies,
        ReconcileEncounterSuppliesReply,
        (d: DischargeData) => ({
          encounterId: d.encounterId,
          admittedAt: d.admittedAt,
          dischargedAt: d.dischargedAt,
        }),
        byEncounter,
      ),
      onReply: (d: DischargeData, r: ReconcileEncounterSuppliesReply) => ({
        ...d,
        supplies: asJson(r.chargeableSupplies ?? []),
      }),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 3. revenue-cycle: room & board days, procedures and supplies through the chargemaster.
    commandStep('FinalizeCharges', {
      invoke: invoke(
        Topics.RevenueCycleCommandsV1,
        FinalizeCharges,
        FinalizeChargesReply,
        (d: DischargeData) => ({
          ...clinical(d),
          location: d.location,
          procedures: d.procedures,
          supplies: d.supplies ?? [],
          payerId: d.payerId,
        }),
        byEncounter,
      ),
      onReply: (d: DischargeData, r: FinalizeChargesReply) => ({
        ...d,
        chargeIds: [...(r.chargeIds ?? [])],
        totalCharge: r.totalAmount ?? '0.00',
        currency: r.currency ?? 'USD',
      }),
      compensation: invoke(
        Topics.RevenueCycleCommandsV1,
        ReverseCharges,
        ReverseChargesReply,
        (d: DischargeData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          encounterId: d.encounterId,
          chargeIds: d.chargeIds ?? [],
          reason: UNDO_REASON,
        }),
        byEncounter,
      ),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 4. revenue-cycle: auto-coded by rules, or the encounter waits in the coding queue for a coder.
    commandStep('CompleteCoding', {
      invoke: invoke(
        Topics.RevenueCycleCommandsV1,
        CompleteCoding,
        CompleteCodingReply,
        (d: DischargeData) => ({
          ...clinical(d),
          dischargeDisposition: d.dischargeDisposition,
          diagnoses: d.diagnoses,
          procedures: d.procedures,
          chargeIds: d.chargeIds ?? [],
        }),
        byEncounter,
      ),
      onReply: (d: DischargeData, r: CompleteCodingReply) => ({
        ...d,
        codedDiagnoses: asJson(r.diagnoses ?? []),
        codedProcedures: asJson(r.procedures ?? []),
        drgCode: r.drgCode,
      }),
      timeoutMs: CODING_TIMEOUT,
    }),
    // 5. revenue-cycle: institutional claim assembled and submitted.
    commandStep('SubmitClaim', {
      invoke: invoke(
        Topics.RevenueCycleCommandsV1,
        SubmitClaim,
        SubmitClaimReply,
        (d: DischargeData) => ({
          ...clinical(d),
          claimType: 'INSTITUTIONAL_837I' as const,
          payerId: d.payerId ?? 'SELF-PAY',
          planId: d.planId,
          dischargeDisposition: d.dischargeDisposition,
          attendingProviderNpi: d.attendingProviderNpi,
          chargeIds: d.chargeIds ?? [],
          totalCharge: d.totalCharge ?? '0.00',
          currency: d.currency ?? 'USD',
          diagnoses: d.codedDiagnoses ?? [],
          procedures: d.codedProcedures ?? [],
          drgCode: d.drgCode ?? null,
        }),
        byEncounter,
      ),
      onReply: (d: DischargeData, r: SubmitClaimReply) => ({
        ...d,
        claimId: r.claimId ?? '',
        revenueCodeTotals: asJson(r.revenueCodeTotals ?? []),
      }),
      compensation: invoke(
        Topics.RevenueCycleCommandsV1,
        VoidClaim,
        VoidClaimReply,
        (d: DischargeData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          claimId: d.claimId ?? '',
          encounterId: d.encounterId,
          payerId: d.payerId ?? 'SELF-PAY',
          reason: UNDO_REASON,
        }),
        byEncounter,
      ),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
    // 6. procure-to-pay: the AR/revenue journal in the ERP ledger.
    commandStep('PostRevenueJournal', {
      invoke: invoke(
        Topics.ProcureToPayCommandsV1,
        PostRevenueJournal,
        PostRevenueJournalReply,
        (d: DischargeData) => ({
          encounterId: d.encounterId,
          claimId: d.claimId ?? '',
          payerId: d.payerId ?? 'SELF-PAY',
          patientClass: d.patientClass,
          amountLines: d.revenueCodeTotals ?? [],
          totalAmount: d.totalCharge ?? '0.00',
          currency: d.currency ?? 'USD',
          postingDate: null,
        }),
        byEncounter,
      ),
      onReply: (d: DischargeData, r: PostRevenueJournalReply) => ({
        ...d,
        journalId: r.journalId ?? '',
      }),
      compensation: invoke(
        Topics.ProcureToPayCommandsV1,
        ReverseJournal,
        ReverseJournalReply,
        (d: DischargeData, forward) => ({
          compensatedCommandMessageId: forward ?? '',
          journalId: d.journalId ?? '',
          claimId: d.claimId ?? null,
          reason: UNDO_REASON,
        }),
        byEncounter,
      ),
      timeoutMs: COMMAND_TIMEOUT,
      retry: RETRY,
    }),
  ],
});
