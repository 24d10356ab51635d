import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ChargesFinalized,
  ChargesReversed,
  formatCents,
  sumCents,
  toCents,
  Topics,
  type FinalizeCharges,
  type FinalizeChargesReply,
  type ReverseCharges,
  type ReverseChargesReply,
} from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ChargemasterService } from '../chargemaster/chargemaster.service.js';
import type { AppConfig } from '../config/app.config.js';
import { CURRENCY } from '../shared/publish.js';
import type { Publish } from '../shared/publish.js';
import { ChargeFinalization } from './charge-finalization.entity.js';
import { newCharge, toChargeLine } from './charge-records.js';
import { Charge } from './charge.entity.js';
import { priceEncounter } from './pricing.js';

const totalOf = (charges: readonly Charge[]): string =>
  formatCents(sumCents(charges.map((charge) => toCents(charge.amount))));

/** An encounter's charges: finalized at discharge from the chargemaster, reversed by compensation. */
@Injectable()
export class ChargesService {
  private readonly logger = new Logger(ChargesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly chargemaster: ChargemasterService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Prices the encounter and stores one charge per line (FinalizeCharges); the encounter's ACTIVE
   * implant charges (posted by implant-to-invoice) are billed with them: in the answered charge
   * ids and total, not reversed by ReverseCharges (their own saga owns them). A resent command of
   * the same saga answers the charges stored the first time; an unknown unit or code rejects the
   * command (CHARGE_CODE_NOT_FOUND) with nothing stored.
   */
  async finalize(
    manager: EntityManager,
    command: FinalizeCharges,
    publish: Publish,
  ): Promise<ResultOf<FinalizeChargesReply>> {
    const done = await manager.findOne(ChargeFinalization, { where: { sagaId: command.sagaId } });
    if (done) {
      const charges = await this.sagaCharges(manager, command.sagaId);
      return {
        chargeIds: [...charges.map((c) => c.chargeId), ...done.implantChargeIds],
        totalAmount: done.totalAmount,
        currency: done.currency,
      };
    }
    const { facilityId, unitId } = command.location;
    const cdm = await this.chargemaster.lookup(manager, {
      facilityId,
      unitId,
      procedureCodes: command.procedures.map((p) => p.code),
      supplies: command.supplies,
    });
    const pricing = priceEncounter(
      { ...command, facilityId, unitId },
      cdm,
      this.config.facilityTimeZone,
    );
    if (!pricing.ok) {
      const { code, message, details } = pricing.rejection;
      throw new CommandRejectedError(code, message, { retriable: false, details });
    }
    const { encounterId, sagaId } = command;
    const charges = pricing.lines.map((line, index) =>
      newCharge(line, { encounterId, sagaId, origin: 'ENCOUNTER', lineNumber: index + 1 }),
    );
    const implants = await manager.find(Charge, {
      where: { encounterId, origin: 'IMPLANT', status: 'ACTIVE' },
      order: { createdAt: 'ASC' },
    });
    const totalAmount = formatCents(pricing.totalCents);
    const billedAmount = totalOf([...charges, ...implants]);
    const finalizedAt = new Date();
    await manager.insert(ChargeFinalization, {
      sagaId,
      encounterId,
      patientClass: command.patientClass,
      totalAmount: billedAmount,
      currency: CURRENCY,
      finalizedAt,
      implantChargeIds: implants.map((c) => c.chargeId),
    });
    if (charges.length > 0) await manager.insert(Charge, charges);
    await publish(
      Topics.RevenueChargeV1,
      ChargesFinalized,
      {
        encounterId,
        patientClass: command.patientClass,
        lines: charges.map(toChargeLine),
        totalAmount,
        currency: CURRENCY,
        finalizedAt,
        sagaId,
      },
      { key: encounterId },
    );
    this.logger.log({
      msg: 'charges finalized',
      encounterId,
      sagaId,
      lines: charges.length,
      implantCharges: implants.length,
      totalAmount,
    });
    return {
      chargeIds: [...charges, ...implants].map((c) => c.chargeId),
      totalAmount: billedAmount,
      currency: CURRENCY,
    };
  }

  /**
   * Marks the saga's finalized charges REVERSED (they stay: a reversal is a fact) and publishes
   * ChargesReversed for the ones that were still active. Answers every charge of the saga, the
   * ones reversed before included, so a resent command gets the same answer; a saga without
   * charges has nothing to undo.
   */
  async reverse(
    manager: EntityManager,
    command: ReverseCharges,
    publish: Publish,
  ): Promise<ResultOf<ReverseChargesReply>> {
    // A FinalizeCharges of this saga still in flight (on a retry topic) must not charge it after
    // its compensation: an empty finalization answers it with no charges.
    await manager
      .createQueryBuilder()
      .insert()
      .into(ChargeFinalization)
      .values({
        sagaId: command.sagaId,
        encounterId: command.encounterId,
        patientClass: 'UNKNOWN',
        totalAmount: '0.00',
        currency: CURRENCY,
        finalizedAt: new Date(),
      })
      .orIgnore()
      .execute();
    const charges = await this.sagaCharges(manager, command.sagaId, true);
    const active = charges.filter((c) => c.status === 'ACTIVE');
    if (active.length > 0) {
      const reversedAt = new Date();
      const chargeIds = active.map((c) => c.chargeId);
      await manager.update(
        Charge,
        { chargeId: In(chargeIds) },
        { status: 'REVERSED', reversedAt, reversalReason: command.reason },
      );
      await publish(
        Topics.RevenueChargeV1,
        ChargesReversed,
        {
          encounterId: command.encounterId,
          chargeIds,
          totalAmount: totalOf(active),
          currency: CURRENCY,
          reason: command.reason,
          reversedAt,
          sagaId: command.sagaId,
        },
        { key: command.encounterId },
      );
      this.logger.log({
        msg: 'charges reversed',
        encounterId: command.encounterId,
        sagaId: command.sagaId,
        lines: active.length,
      });
    }
    return {
      reversedChargeIds: charges.map((c) => c.chargeId),
      reversedAmount: totalOf(charges),
      currency: CURRENCY,
    };
  }

  /** Every charge of an encounter (finalized and implant), oldest first. */
  forEncounter(encounterId: string): Promise<Charge[]> {
    return this.dataSource.getRepository(Charge).find({
      where: { encounterId },
      order: { createdAt: 'ASC', lineNumber: 'ASC' },
    });
  }

  /** The ENCOUNTER charges a saga finalized, in line order (locked when about to change them). */
  private sagaCharges(
    manager: EntityManager,
    sagaId: string,
    forUpdate = false,
  ): Promise<Charge[]> {
    return manager.find(Charge, {
      where: { sagaId, origin: 'ENCOUNTER' },
      order: { lineNumber: 'ASC' },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }
}
