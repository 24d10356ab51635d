import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { ItemDto } from './dto/item.dto.js';
import type { ListItemsQuery } from './items.requests.js';
import { SupplyItem } from './supply-item.entity.js';

/** Every amount of this service is in US dollars. */
export const CURRENCY = 'USD';

export function toItemDto(item: SupplyItem): ItemDto {
  return {
    itemId: item.itemId,
    gtin: item.gtin,
    description: item.description,
    unitOfMeasure: item.unitOfMeasure,
    chargeable: item.chargeable,
    chargeCode: item.chargeCode,
    hcpcsCode: item.hcpcsCode,
    implant: item.implant,
    unitCost: item.unitCost,
    currency: CURRENCY,
  };
}

/** What an item is looked up by: its id or the GTIN-14 of its package. */
export type ItemKey = { readonly itemId: string } | { readonly gtin: string };

/** The item master: what scans and item ids resolve to. */
@Injectable()
export class ItemsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Items matching every given filter, by item id; all of them without a filter. */
  async list(query: ListItemsQuery): Promise<ItemDto[]> {
    const where: FindOptionsWhere<SupplyItem> = {};
    if (query.gtin !== undefined) where.gtin = query.gtin;
    if (query.itemId !== undefined) where.itemId = query.itemId;
    const items = await this.dataSource
      .getRepository(SupplyItem)
      .find({ where, order: { itemId: 'ASC' } });
    return items.map(toItemDto);
  }

  /** The item with this id or GTIN, or null. */
  find(manager: EntityManager, key: ItemKey): Promise<SupplyItem | null> {
    return manager.findOneBy(
      SupplyItem,
      'itemId' in key ? { itemId: key.itemId } : { gtin: key.gtin },
    );
  }

  /** Item id -> description, for the items given. */
  async descriptions(
    itemIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const items = await manager.findBy(SupplyItem, { itemId: In([...new Set(itemIds)]) });
    return new Map(items.map((i) => [i.itemId, i.description]));
  }
}
