import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { SupplyUsageVoided, SupplyUsed, Topics } from '@meridian/contracts';
import { ServiceMessagingHost } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ItemsService } from '../items/items.service.js';
import type { ItemKey } from '../items/items.service.js';
import type { ItemRow } from '../items/item-master.store.js';
import type { UsageDto } from './dto/usage.dto.js';
import { SupplyUsage } from './supply-usage.entity.js';
import {
  implantItem,
  inactiveItem,
  otherUnitOfMeasure,
  unknownItem,
  usageIdTaken,
  usageReconciled,
} from './usage.errors.js';
import type { ItemRef, RecordUsageRequest, VoidUsageRequest } from './usage.requests.js';
import { supplyUsageVoidedDraft, supplyUsedDraft, toUsageDto } from './usage.views.js';

export interface Recorded {
  /** false when the usageId was recorded before: nothing new was stored or published. */
  readonly created: boolean;
  readonly usage: UsageDto;
}

/** Point-of-use supply usages: recording (with their SupplyUsed fact), listing, voiding. */
@Injectable()
export class UsageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: ItemsService,
    private readonly host: ServiceMessagingHost,
  ) {}

  /**
   * Stores the usage and its SupplyUsed in the outbox in one transaction. A usageId stored
   * before answers that usage (a client retry), or 409 when it was another usage.
   */
  async record(request: RecordUsageRequest): Promise<Recorded> {
    const usageId = request.usageId ?? randomUUID();
    return this.host.messaging.outbox.transaction(async (manager, publish) => {
      const item = await this.resolve(manager, request.item);
      if (request.unitOfMeasure !== undefined && request.unitOfMeasure !== item.unitOfMeasure) {
        throw otherUnitOfMeasure(item.itemId, item.unitOfMeasure);
      }
      const scan = request.item.by === 'barcode' ? request.item.barcode : undefined;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(SupplyUsage)
        .values({
          usageId,
          encounterId: request.encounterId,
          itemId: item.itemId,
          gtin: usedGtin(request.item, item),
          lotNumber: scan?.lotNumber ?? null,
          serialNumber: scan?.serialNumber ?? null,
          expirationDate: scan?.expirationDate ?? null,
          quantity: request.quantity,
          unitOfMeasure: item.unitOfMeasure,
          chargeable: item.chargeCode !== null,
          chargeCode: item.chargeCode,
          hcpcsCode: item.hcpcsCode,
          unitCost: item.unitCost,
          unitId: request.unitId,
          usedAt: request.usedAt,
          recordedBy: request.recordedBy,
        })
        .orIgnore()
        .returning(['usage_id'])
        .execute();
      const usage = await manager.findOneByOrFail(SupplyUsage, { usageId });
      const created = (inserted.raw as unknown[]).length > 0;
      if (created) {
        await publish(Topics.SupplyUsageV1, SupplyUsed, supplyUsedDraft(usage), {
          key: usage.encounterId,
        });
      } else if (!isRepeat(usage, request, item)) {
        throw usageIdTaken(usageId);
      }
      return { created, usage: toUsageDto(usage, item.description) };
    });
  }

  /** The usages of an encounter in order of use, voided and reconciled ones included. */
  async list(encounterId: string): Promise<UsageDto[]> {
    const usages = await this.dataSource.getRepository(SupplyUsage).find({
      where: { encounterId },
      order: { usedAt: 'ASC', usageId: 'ASC' },
    });
    const descriptions = await this.items.descriptions(usages.map((u) => u.itemId));
    return usages.map((u) => toUsageDto(u, descriptions.get(u.itemId) ?? u.itemId));
  }

  /**
   * Voids a usage recorded in error and publishes its SupplyUsageVoided through the outbox in the
   * same transaction (idempotent: a voided usage is answered as it is, nothing published again).
   * 409 once it was reconciled for a claim, 404 when unknown.
   */
  async void(usageId: string, request: VoidUsageRequest): Promise<UsageDto> {
    const outcome = await this.host.messaging.outbox.transaction(async (manager, publish) => {
      const usage = await manager.findOne(SupplyUsage, {
        where: { usageId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!usage) throw new NotFoundException(`usage ${usageId} does not exist`);
      if (usage.reconciledSagaId) throw usageReconciled(usageId, usage.reconciledSagaId);
      const voided = !usage.voidedAt;
      if (voided) {
        const marked = Object.assign(usage, {
          voidedAt: new Date(),
          voidReason: request.reason,
          voidedBy: request.voidedBy,
        });
        await manager.save(marked);
        await publish(Topics.SupplyUsageV1, SupplyUsageVoided, supplyUsageVoidedDraft(marked), {
          key: marked.encounterId,
        });
      }
      const descriptions = await this.items.descriptions([usage.itemId], manager);
      return { voided, usage: toUsageDto(usage, descriptions.get(usage.itemId) ?? usage.itemId) };
    });
    return outcome.usage;
  }

  private async resolve(manager: EntityManager, ref: ItemRef): Promise<ItemRow> {
    const { field, value, key } = lookupOf(ref);
    const item = await this.items.find(manager, key);
    if (!item) throw unknownItem(field, value);
    if (!item.active) throw inactiveItem(field, item.itemId);
    if (item.implant) throw implantItem(field, item.itemId);
    return item;
  }
}

/** The request field that named the item, its value, and the item master key it gives. */
function lookupOf(ref: ItemRef): { field: string; value: string; key: ItemKey } {
  switch (ref.by) {
    case 'itemId':
      return { field: 'itemId', value: ref.itemId, key: { itemId: ref.itemId } };
    case 'gtin':
      return { field: 'gtin', value: ref.gtin, key: { gtin: ref.gtin } };
    case 'barcode':
      return { field: 'barcode', value: ref.barcode.gtin, key: { gtin: ref.barcode.gtin } };
  }
}

/** The GTIN of the package used: the one scanned, else the item's first. */
function usedGtin(ref: ItemRef, item: ItemRow): string | null {
  const { key } = lookupOf(ref);
  return 'gtin' in key ? key.gtin : (item.gtins[0] ?? null);
}

/** Whether a stored usage is the one a request with its usageId describes (a client retry). */
function isRepeat(usage: SupplyUsage, request: RecordUsageRequest, item: ItemRow): boolean {
  return (
    usage.encounterId === request.encounterId &&
    usage.itemId === item.itemId &&
    usage.quantity === request.quantity
  );
}
