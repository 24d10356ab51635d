// The implant-to-invoice commands supply-consumption answers: ConfirmImplantUsage (step 1) and its
// compensation ReverseImplantUsage, and RequestReplenishment (step 6). Each runs in the command's
// transaction (answerCommand's savepoint); a business rejection is a CommandRejectedError.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  ConfirmImplantUsage,
  ConfirmImplantUsageReply,
  RequestReplenishment,
  RequestReplenishmentReply,
  ReverseImplantUsage,
  ReverseImplantUsageReply,
} from '@meridian/contracts';
import { ImplantUsageReversed, Topics } from '@meridian/contracts';
import type { MessageContext } from '@meridian/messaging';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { findItemByDeviceIdentifier } from '../items/item-master.store.js';
import type { ItemRow } from '../items/item-master.store.js';
import { activeRecalls } from '../recalls/recall-check.js';
import type { ActiveRecall } from '../recalls/recall-check.js';
import { ReplenishmentService } from '../replenishment/replenishment.service.js';
import { moveStock } from '../stock/consignment-stock.store.js';
import type { StockKey } from '../stock/consignment-stock.store.js';
import { expiry } from './implant-capture.rules.js';
import { ImplantUsage } from './implant-usage.entity.js';
import type { StoredRecallOverride } from './implant-usage.entity.js';
import { deviceKey, udiOf } from './implant.views.js';

type Publish = MessageContext['publish'];

/** The user reversals that cancel the saga: its compensation makes the usage REVERSED. */
const CANCELLING_REVERSALS: readonly string[] = ['SCANNED_IN_ERROR', 'WRONG_ENCOUNTER'];

/**
 * The recalls an override does not cover. An override records the recall numbers it was given for
 * (comma-separated when one decision covered several recalls); a recall issued since is not
 * overridden.
 */
export function notOverridden(
  recalls: readonly ActiveRecall[],
  override: Pick<StoredRecallOverride, 'recallNumber'> | null,
): ActiveRecall[] {
  const overridden = new Set(override?.recallNumber.split(',').map((n) => n.trim()) ?? []);
  return recalls.filter((r) => !overridden.has(r.recallNumber));
}

/** Why an item of the item master cannot confirm an implant usage; null when it can. */
export function itemRefusal(item: ItemRow): CommandRejectedError | null {
  const details = { itemId: item.itemId };
  if (!item.implant) {
    return new CommandRejectedError(
      'ITEM_NOT_IMPLANT',
      `item ${item.itemId} is not an implant in the item master (supply chain: mark it implant or correct the device identifier)`,
      { details },
    );
  }
  if (!item.active) {
    return new CommandRejectedError(
      'ITEM_INACTIVE',
      `item ${item.itemId} is inactive in the item master`,
      { details },
    );
  }
  if (item.supplierId === null) {
    return new CommandRejectedError(
      'ITEM_SUPPLIER_MISSING',
      `implant item ${item.itemId} has no supplier in the item master`,
      { details },
    );
  }
  return null;
}

/**
 * The consignment stock a usage takes: its supplier's, at the unit it was used in. Only a usage
 * with an item, a supplier and a unit takes stock (stockDecremented).
 */
function takenFrom(usage: Pick<ImplantUsage, 'supplierId' | 'unitId' | 'itemId'>): StockKey {
  const { supplierId, unitId, itemId } = usage;
  if (supplierId === null || unitId === null || itemId === null) {
    throw new Error('consignment stock is taken for a usage with a supplier, a unit and an item');
  }
  return { supplierId, locationId: unitId, itemId };
}

/**
 * The participant side of implant-to-invoice in supply-consumption: confirms a captured usage
 * against the item master, expiry and recalls, and moves the supplier's consignment stock.
 */
@Injectable()
export class ImplantCommandsService {
  private readonly logger = new Logger(ImplantCommandsService.name);

  constructor(
    private readonly replenishments: ReplenishmentService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Step 1: the usage's device resolved in the item master (by issuing agency and device
   * identifier), its expiry and recalls checked at the time of use, the item recorded on the usage
   * (CONFIRMED) and, for consignment stock, the supplier's stock at the usage's location taken once.
   */
  async confirm(
    manager: EntityManager,
    command: ConfirmImplantUsage,
  ): Promise<ResultOf<ConfirmImplantUsageReply>> {
    const usage = await this.lockUsage(manager, command.usageId, command.encounterId);
    if (usage.status === 'REVERSED' || CANCELLING_REVERSALS.includes(usage.reversalReason ?? '')) {
      throw new CommandRejectedError(
        'USAGE_REVERSED',
        `implant usage ${usage.usageId} was reversed (${usage.reversalReason ?? 'saga compensation'})`,
      );
    }
    const device = { issuingAgency: usage.issuingAgency, deviceIdentifier: usage.deviceIdentifier };
    const item = await findItemByDeviceIdentifier(
      manager,
      device.issuingAgency,
      device.deviceIdentifier,
    );
    if (!item) {
      throw new CommandRejectedError(
        'ITEM_NOT_FOUND',
        `no item of the item master has ${device.issuingAgency} device identifier ${device.deviceIdentifier}`,
        { details: device },
      );
    }
    const refusal = itemRefusal(item);
    if (refusal) throw refusal;
    this.checkLot(usage, await activeRecalls(manager, usage, usage.usedAt));

    const supplierId = item.supplierId as string; // itemRefusal saw to it
    const takeStock = item.consignment && !usage.stockDecremented && usage.unitId !== null;
    if (takeStock) {
      const key = takenFrom({ ...usage, supplierId, itemId: item.itemId });
      const onHand = await moveStock(manager, key, -usage.quantity);
      if (onHand < 0) {
        this.logger.warn({
          msg: 'consignment stock below zero: count discrepancy',
          ...key,
          onHand,
        });
      }
    } else if (item.consignment && usage.unitId === null) {
      this.logger.warn({
        msg: 'consignment implant used at no known location: stock not taken',
        usageId: usage.usageId,
        itemId: item.itemId,
      });
    }
    await manager.update(
      ImplantUsage,
      { usageId: usage.usageId },
      {
        itemId: item.itemId,
        supplierId,
        consignment: item.consignment,
        sagaId: command.sagaId,
        stockDecremented: usage.stockDecremented || takeStock,
        ...(usage.status === 'CAPTURED' ? { status: 'CONFIRMED' as const } : {}),
      },
    );
    return {
      itemId: item.itemId,
      supplierId,
      supplierItemNumber: item.supplierItemNumber,
      chargeCode: item.chargeCode,
      hcpcsCode: item.hcpcsCode,
      consignment: item.consignment,
    };
  }

  /**
   * Compensation of step 1: the usage REVERSED and the stock it took put back (once). A reversal a
   * user asked for that cancels the saga (scanned in error, wrong encounter) keeps its reason and
   * was published then; otherwise ImplantUsageReversed SAGA_COMPENSATION is published. A usage the
   * saga never confirmed has nothing to undo; one already REVERSED answers again without undoing
   * anything twice.
   */
  async reverse(
    manager: EntityManager,
    command: ReverseImplantUsage,
    publish: Publish,
  ): Promise<ResultOf<ReverseImplantUsageReply>> {
    const usage = await this.lockUsage(manager, command.usageId, command.encounterId);
    if (usage.status === 'REVERSED') return { reversedAt: usage.reversedAt };
    const cancelledByUser = CANCELLING_REVERSALS.includes(usage.reversalReason ?? '');
    const confirmed = usage.sagaId !== null; // ConfirmImplantUsage records its saga
    if (!confirmed && !cancelledByUser) return { reversedAt: null };
    if (usage.stockDecremented) await moveStock(manager, takenFrom(usage), usage.quantity);
    const reversedAt = (cancelledByUser ? usage.reversedAt : null) ?? new Date();
    await manager.update(
      ImplantUsage,
      { usageId: usage.usageId },
      {
        status: 'REVERSED',
        stockDecremented: false,
        reversalReason: usage.reversalReason ?? 'SAGA_COMPENSATION',
        reversedAt: usage.reversedAt ?? reversedAt,
      },
    );
    if (!cancelledByUser) {
      await publish(
        Topics.SupplyUsageV1,
        ImplantUsageReversed,
        {
          usageId: usage.usageId,
          encounterId: usage.encounterId,
          udi: udiOf(usage),
          reason: 'SAGA_COMPENSATION',
          reversedAt,
          sagaId: command.sagaId,
        },
        { key: deviceKey(usage) },
      );
    }
    this.logger.log({
      msg: 'implant usage reversed by the saga',
      usageId: usage.usageId,
      sagaId: command.sagaId,
      stockRestored: usage.stockDecremented,
      reason: cancelledByUser ? usage.reversalReason : 'SAGA_COMPENSATION',
    });
    return { reversedAt };
  }

  /**
   * Step 6: the restock of the supplier's consignment stock asked for once per usage
   * (ReplenishmentRequested on supply.replenishment.v1) and the usage REPLENISHMENT_REQUESTED.
   */
  async requestReplenishment(
    manager: EntityManager,
    command: RequestReplenishment,
    publish: Publish,
  ): Promise<ResultOf<RequestReplenishmentReply>> {
    const usage = await this.lockUsage(manager, command.usageId, null);
    if (usage.status === 'REVERSED') {
      throw new CommandRejectedError(
        'USAGE_REVERSED',
        `implant usage ${usage.usageId} was reversed: its stock was put back`,
      );
    }
    const request = await this.replenishments.request(
      manager,
      {
        usageId: usage.usageId,
        sagaId: command.sagaId,
        supplierId: command.supplierId,
        itemId: command.itemId,
        issuingAgency: usage.issuingAgency,
        deviceIdentifier: command.deviceIdentifier,
        quantity: command.quantity,
        unitOfMeasure: command.unitOfMeasure,
        locationId: command.stockLocationId ?? usage.unitId,
        poNumber: command.poNumber,
      },
      publish,
    );
    if (usage.status === 'CONFIRMED') {
      await manager.update(
        ImplantUsage,
        { usageId: usage.usageId },
        { status: 'REPLENISHMENT_REQUESTED' },
      );
    }
    return {
      replenishmentRequestId: request.replenishmentRequestId,
      requestedAt: request.requestedAt,
    };
  }

  /** Whether this service captured the usage (the controller answers only those commands). */
  async isCaptured(manager: EntityManager, usageId: string): Promise<boolean> {
    return manager.existsBy(ImplantUsage, { usageId });
  }

  /** The captured usage, locked for the command; a mismatch of its encounter is refused. */
  private async lockUsage(
    manager: EntityManager,
    usageId: string,
    encounterId: string | null,
  ): Promise<ImplantUsage> {
    const usage = await manager.findOneOrFail(ImplantUsage, {
      where: { usageId },
      lock: { mode: 'pessimistic_write' },
    });
    if (encounterId !== null && usage.encounterId !== encounterId) {
      throw new CommandRejectedError(
        'USAGE_ENCOUNTER_MISMATCH',
        `implant usage ${usageId} belongs to encounter ${usage.encounterId}, not ${encounterId}`,
      );
    }
    return usage;
  }

  /** LOT_EXPIRED when used after its expiry day; LOT_RECALLED under a recall not overridden. */
  private checkLot(usage: ImplantUsage, recalls: readonly ActiveRecall[]): void {
    const lot = {
      ...(usage.lotNumber === null ? {} : { lotNumber: usage.lotNumber }),
      ...(usage.serialNumber === null ? {} : { serialNumber: usage.serialNumber }),
    };
    const expired = expiry(usage, usage.usedAt, this.config.facilityTimeZone);
    if (expired) {
      throw new CommandRejectedError(
        'LOT_EXPIRED',
        `the device expired on ${expired.expirationDate}, before its use on ${expired.usedOn}`,
        { details: { ...lot, ...expired } },
      );
    }
    const recalled = notOverridden(recalls, usage.recallOverride);
    if (recalled.length > 0) {
      const recallNumbers = recalled.map((r) => r.recallNumber).join(', ');
      throw new CommandRejectedError(
        'LOT_RECALLED',
        `the device is covered by recall ${recallNumbers}, which no override of the usage covers`,
        { details: { ...lot, recallNumbers } },
      );
    }
  }
}
