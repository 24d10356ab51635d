import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ImplantChargePosted,
  ImplantChargeReversed,
  localDate,
  Topics,
  type ImplantUsageReversed,
  type PostImplantCharge,
  type PostImplantChargeReply,
  type ReverseImplantCharge,
  type ReverseImplantChargeReply,
} from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { isUuid, SERVICE_CONFIG } from '@meridian/service-kit';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { ChargemasterService } from '../chargemaster/chargemaster.service.js';
import { priceEntry } from '../chargemaster/price-lookup.js';
import type { AppConfig } from '../config/app.config.js';
import { CURRENCY } from '../shared/publish.js';
import type { Publish } from '../shared/publish.js';
import { newCharge, toChargeLine } from './charge-records.js';
import { Charge } from './charge.entity.js';
import { NotImplantedUsage } from './not-implanted-usage.entity.js';
import { priceLine } from './pricing.js';

/** The reversal reason of a charge whose device was opened but not implanted. */
const NOT_IMPLANTED = 'NOT_IMPLANTED: device opened, not implanted';

/** implant-to-invoice: the patient charge of a used implant, and its reversal. */
@Injectable()
export class ImplantChargesService {
  private readonly logger = new Logger(ImplantChargesService.name);

  constructor(
    private readonly chargemaster: ChargemasterService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Charges the implant from its CDM row (the command's chargeCode, else the row of its item id),
   * quantity x price, with the command's HCPCS device code when it has one. One charge per saga: a
   * resent command answers it again. A usage already reported NOT_IMPLANTED is charged and
   * reversed at once (the saga gets its charge id; the claim never bills it).
   */
  async post(
    manager: EntityManager,
    command: PostImplantCharge,
    publish: Publish,
  ): Promise<ResultOf<PostImplantChargeReply>> {
    const posted = await manager.findOne(Charge, {
      where: { sagaId: command.sagaId, origin: 'IMPLANT' },
    });
    if (posted) return postedResult(posted);
    if (!Number.isInteger(command.quantity) || command.quantity < 1) {
      throw new CommandRejectedError(
        'INVALID_CHARGE_INPUT',
        `quantity ${command.quantity} is not a positive whole number`,
        {
          details: { field: 'quantity' },
        },
      );
    }
    const item = await this.chargemaster.chargeableItem(manager, {
      cdmCode: command.chargeCode,
      itemId: command.itemId,
    });
    if (!item) {
      const [field, value] =
        command.chargeCode === null
          ? ['itemId', command.itemId]
          : ['chargeCode', command.chargeCode];
      throw new CommandRejectedError(
        'CHARGE_CODE_NOT_FOUND',
        `no active chargemaster row for ${field} ${value}`,
        {
          details: { [field]: value },
        },
      );
    }
    const line = priceLine(
      priceEntry(item),
      command.quantity,
      localDate(command.usedAt, this.config.facilityTimeZone),
      command.usageId,
      command.hcpcsCode ?? item.cptHcpcsCode,
    );
    const { encounterId, sagaId } = command;
    const charge = newCharge(line, { encounterId, sagaId, origin: 'IMPLANT', lineNumber: 1 });
    await manager.insert(Charge, charge);
    await publish(
      Topics.RevenueChargeV1,
      ImplantChargePosted,
      {
        encounterId,
        usageId: command.usageId,
        charge: toChargeLine(charge),
        currency: CURRENCY,
        postedAt: charge.createdAt,
        sagaId,
      },
      { key: encounterId },
    );
    this.logger.log({
      msg: 'implant charge posted',
      encounterId,
      sagaId,
      chargeId: charge.chargeId,
    });
    const wasted = await manager.findOneBy(NotImplantedUsage, { usageId: command.usageId });
    if (wasted)
      await this.reverseCharge(manager, charge, NOT_IMPLANTED, command.usageId, sagaId, publish);
    return postedResult(charge);
  }

  /**
   * An implant reported NOT_IMPLANTED (opened, wasted): the patient is not charged, the supplier is
   * still paid (the saga goes on). Its ACTIVE charge is reversed; one not posted yet is reversed
   * when it is. A second report changes nothing.
   */
  async notImplanted(
    manager: EntityManager,
    event: ImplantUsageReversed,
    publish: Publish,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(NotImplantedUsage)
      .values({
        usageId: event.usageId,
        encounterId: event.encounterId,
        reportedAt: event.reversedAt,
      })
      .orIgnore()
      .execute();
    const charge = await manager.findOne(Charge, {
      where: { origin: 'IMPLANT', sourceReference: event.usageId, status: 'ACTIVE' },
      lock: { mode: 'pessimistic_write' },
    });
    if (charge) {
      await this.reverseCharge(
        manager,
        charge,
        NOT_IMPLANTED,
        event.usageId,
        charge.sagaId,
        publish,
      );
    }
  }

  /**
   * Reverses the implant charge (kept, marked REVERSED). Already reversed: the same answer. An empty
   * chargeId (the saga never got one) reverses the saga's implant charge if there is one, else
   * there is nothing to undo; an unknown chargeId fails with CHARGE_NOT_FOUND.
   */
  async reverse(
    manager: EntityManager,
    command: ReverseImplantCharge,
    publish: Publish,
  ): Promise<ResultOf<ReverseImplantChargeReply>> {
    const where: FindOptionsWhere<Charge> =
      command.chargeId === ''
        ? { sagaId: command.sagaId, origin: 'IMPLANT' }
        : { chargeId: command.chargeId, origin: 'IMPLANT' };
    const valid = command.chargeId === '' || isUuid(command.chargeId);
    const charge = valid
      ? await manager.findOne(Charge, { where, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!charge) {
      if (command.chargeId === '')
        return { reversedAmount: null, currency: null, reversedAt: null };
      throw new CommandRejectedError('CHARGE_NOT_FOUND', `no implant charge ${command.chargeId}`, {
        details: { chargeId: command.chargeId },
      });
    }
    if (charge.status === 'ACTIVE') {
      await this.reverseCharge(
        manager,
        charge,
        command.reason,
        command.usageId,
        command.sagaId,
        publish,
      );
    }
    return { reversedAmount: charge.amount, currency: CURRENCY, reversedAt: charge.reversedAt };
  }

  /** Marks an ACTIVE implant charge REVERSED (kept: a reversal is a fact) and publishes it. */
  private async reverseCharge(
    manager: EntityManager,
    charge: Charge,
    reason: string,
    usageId: string,
    sagaId: string | null,
    publish: Publish,
  ): Promise<void> {
    charge.status = 'REVERSED';
    charge.reversedAt = new Date();
    charge.reversalReason = reason;
    await manager.update(
      Charge,
      { chargeId: charge.chargeId },
      { status: charge.status, reversedAt: charge.reversedAt, reversalReason: reason },
    );
    await publish(
      Topics.RevenueChargeV1,
      ImplantChargeReversed,
      {
        encounterId: charge.encounterId,
        usageId,
        chargeId: charge.chargeId,
        amount: charge.amount,
        currency: CURRENCY,
        reason,
        reversedAt: charge.reversedAt,
        sagaId,
      },
      { key: charge.encounterId },
    );
    this.logger.log({
      msg: 'implant charge reversed',
      encounterId: charge.encounterId,
      chargeId: charge.chargeId,
    });
  }
}

function postedResult(charge: Charge): ResultOf<PostImplantChargeReply> {
  return {
    chargeId: charge.chargeId,
    revenueCode: charge.revenueCode,
    amount: charge.amount,
    currency: CURRENCY,
  };
}
