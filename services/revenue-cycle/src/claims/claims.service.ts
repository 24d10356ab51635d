import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  ClaimSubmitted,
  ClaimVoided,
  formatCents,
  localDate,
  toCents,
  Topics,
  type ClaimLine,
  type SubmitClaim,
  type SubmitClaimReply,
  type VoidClaim,
  type VoidClaimReply,
  SELF_PAY,
} from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { isUuid, SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Charge } from '../charges/charge.entity.js';
import type { AppConfig } from '../config/app.config.js';
import { unknownCoverage } from '../payers/coverage.js';
import { PayersService } from '../payers/payers.service.js';
import type { Publish } from '../shared/publish.js';
import { checkClaim, typeOfBill } from './claim-assembly.js';
import { Claim, ClaimLineRow } from './claim.entity.js';

/** `GET /claims?encounterId=&limit=` */
export interface ClaimsQuery {
  readonly encounterId: string | undefined;
  readonly limit: number;
}

export const CLAIM_ID = /^CLM-[0-9A-F]{8}$/;

/** The reply to SubmitClaim, from the claim and its lines (stored or just assembled). */
function submittedResult(
  claim: Omit<Claim, 'lines'>,
  lines: readonly Pick<ClaimLine, 'revenueCode' | 'chargeAmount'>[],
): ResultOf<SubmitClaimReply> {
  const byRevenueCode = new Map<string, number>();
  for (const line of lines) {
    const sum = (byRevenueCode.get(line.revenueCode) ?? 0) + toCents(line.chargeAmount);
    byRevenueCode.set(line.revenueCode, sum);
  }
  return {
    claimId: claim.claimId,
    totalCharge: claim.totalCharge,
    currency: claim.currency,
    revenueCodeTotals: [...byRevenueCode].map(([revenueCode, cents]) => ({
      revenueCode,
      amount: formatCents(cents),
    })),
    submittedAt: claim.submittedAt,
  };
}

/** Institutional claims: assembled from finalized charges and submitted, voided by compensation. */
@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly payers: PayersService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * SubmitClaim: the 837I claim of the saga's ACTIVE charges, one per saga (a resent command
   * answers the same claim). Rejected when the payer or its plan is not in the payer master
   * (PAYER_UNKNOWN; SELF-PAY needs none), the principal diagnosis is missing, a charge is not
   * billable or the total differs from the finalized one (CLAIM_TOTAL_MISMATCH).
   */
  async submit(
    manager: EntityManager,
    command: SubmitClaim,
    publish: Publish,
  ): Promise<ResultOf<SubmitClaimReply>> {
    const existing = await manager.findOne(Claim, {
      where: { sagaId: command.sagaId },
      relations: { lines: true },
      order: { lines: { lineNumber: 'ASC' } },
    });
    if (existing) return submittedResult(existing, existing.lines);
    await this.checkPayer(manager, command);
    const ids = command.chargeIds.filter(isUuid);
    const charges =
      ids.length === 0
        ? []
        : await manager.find(Charge, {
            where: { chargeId: In(ids), encounterId: command.encounterId, status: 'ACTIVE' },
          });
    const check = checkClaim(
      { ...command, expectedTotalCents: toCents(command.totalCharge) },
      charges.map((c) => ({ ...c, amountCents: toCents(c.amount) })),
    );
    if (!check.ok) {
      const { code, message, details } = check.rejection;
      throw new CommandRejectedError(code, message, { details });
    }
    const tz = this.config.facilityTimeZone;
    const claimId = `CLM-${randomBytes(4).toString('hex').toUpperCase()}`;
    const principal = command.diagnoses.find((d) => d.principal)?.icd10CmCode ?? '';
    const claim: Omit<Claim, 'lines'> = {
      claimId,
      sagaId: command.sagaId,
      encounterId: command.encounterId,
      claimType: command.claimType,
      payerId: command.payerId,
      planId: command.planId,
      patientClass: command.patientClass,
      typeOfBill: typeOfBill(command.patientClass),
      statementFrom: localDate(command.admittedAt, tz),
      statementThrough: localDate(command.dischargedAt, tz),
      billingProviderNpi: this.config.billingProviderNpi,
      attendingProviderNpi: command.attendingProviderNpi,
      principalDiagnosisCode: principal,
      drgCode: command.drgCode,
      diagnoses: [...command.diagnoses],
      procedures: [...command.procedures],
      chargeIds: [...command.chargeIds],
      totalCharge: formatCents(check.claim.totalCents),
      currency: command.currency,
      status: 'SUBMITTED',
      submittedAt: new Date(),
      voidedAt: null,
      voidReason: null,
    };
    const lines: ClaimLine[] = check.claim.lines.map(({ amountCents, ...line }) => ({
      ...line,
      modifiers: [],
      chargeAmount: formatCents(amountCents),
    }));
    await manager.insert(Claim, claim);
    await manager.insert(
      ClaimLineRow,
      lines.map(({ modifiers: _none, ...line }) => ({ claimId, ...line })),
    );
    await publish(
      Topics.RevenueClaimV1,
      ClaimSubmitted,
      {
        claimId,
        encounterId: claim.encounterId,
        claimType: claim.claimType,
        payerId: claim.payerId,
        planId: claim.planId,
        billingProviderNpi: claim.billingProviderNpi,
        attendingProviderNpi: claim.attendingProviderNpi,
        typeOfBill: claim.typeOfBill,
        statementFromDate: claim.statementFrom,
        statementThroughDate: claim.statementThrough,
        principalDiagnosisCode: principal,
        drgCode: claim.drgCode,
        chargeIds: claim.chargeIds,
        lines,
        totalCharge: claim.totalCharge,
        currency: claim.currency,
        submittedAt: claim.submittedAt,
        interchangeControlNumber: null,
        sagaId: claim.sagaId,
      },
      { key: claim.encounterId },
    );
    this.logger.log({
      msg: 'claim submitted',
      encounterId: claim.encounterId,
      sagaId: claim.sagaId,
      claimId,
    });
    return submittedResult(claim, lines);
  }

  /** PAYER_UNKNOWN unless the claim is self-pay or its payer (and plan, if any) is known. */
  private async checkPayer(manager: EntityManager, command: SubmitClaim): Promise<void> {
    if (command.payerId === SELF_PAY) return;
    const payer = await this.payers.find(manager, command.payerId);
    const unknown = unknownCoverage(command, payer);
    if (unknown)
      throw new CommandRejectedError('PAYER_UNKNOWN', unknown.message, {
        details: unknown.details,
      });
  }

  /**
   * VoidClaim: the claim VOIDED and ClaimVoided published; already voided answers the original
   * time. An empty claimId means SubmitClaim never answered the saga: the saga's claim is voided
   * if there is one, else there is nothing to undo (SUCCEEDED, voidedAt null). An unknown claim
   * (or one of another encounter) fails CLAIM_NOT_FOUND, not retriable.
   */
  async void(
    manager: EntityManager,
    command: VoidClaim,
    publish: Publish,
  ): Promise<ResultOf<VoidClaimReply>> {
    const lock = { mode: 'pessimistic_write' as const };
    const claim =
      command.claimId === ''
        ? await manager.findOne(Claim, { where: { sagaId: command.sagaId }, lock })
        : await manager.findOne(Claim, {
            where: { claimId: command.claimId, encounterId: command.encounterId },
            lock,
          });
    if (!claim) {
      if (command.claimId === '') return { voidedAt: null };
      throw new CommandRejectedError(
        'CLAIM_NOT_FOUND',
        `no claim ${command.claimId} for encounter ${command.encounterId}`,
        {
          details: { claimId: command.claimId, encounterId: command.encounterId },
        },
      );
    }
    if (claim.status === 'VOIDED') return { voidedAt: claim.voidedAt };
    const voidedAt = new Date();
    await manager.update(
      Claim,
      { claimId: claim.claimId },
      { status: 'VOIDED', voidedAt, voidReason: command.reason },
    );
    await publish(
      Topics.RevenueClaimV1,
      ClaimVoided,
      {
        claimId: claim.claimId,
        encounterId: claim.encounterId,
        payerId: claim.payerId,
        totalCharge: claim.totalCharge,
        currency: claim.currency,
        reason: command.reason,
        voidedAt,
        sagaId: command.sagaId,
      },
      { key: claim.encounterId },
    );
    this.logger.log({
      msg: 'claim voided',
      encounterId: claim.encounterId,
      sagaId: command.sagaId,
      claimId: claim.claimId,
    });
    return { voidedAt };
  }

  list(query: ClaimsQuery): Promise<Claim[]> {
    return this.dataSource.getRepository(Claim).find({
      where: query.encounterId ? { encounterId: query.encounterId } : {},
      relations: { lines: true },
      order: { submittedAt: 'DESC', claimId: 'ASC', lines: { lineNumber: 'ASC' } },
      take: query.limit,
    });
  }

  async get(claimId: string): Promise<Claim> {
    const claim = await this.dataSource.getRepository(Claim).findOne({
      where: { claimId },
      relations: { lines: true },
      order: { lines: { lineNumber: 'ASC' } },
    });
    if (!claim) throw new NotFoundException(`claim ${claimId} does not exist`);
    return claim;
  }
}
