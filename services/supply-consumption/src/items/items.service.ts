import { Injectable, Logger } from '@nestjs/common';
import { writeRows } from '@meridian/service-kit';
import type { RowsToWrite } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { ItemDto } from './dto/item.dto.js';
import { allDeviceIdentifiers, readItems, writeItems } from './item-master.store.js';
import type { ItemRow, WrittenItems } from './item-master.store.js';
import type { ListItemsQuery } from './items.requests.js';

/** Every amount of this service is in US dollars. */
export const CURRENCY = 'USD';

/** Problem type of a write that would put one device identifier (a GTIN...) on two items. */
export const DEVICE_IDENTIFIER_CONFLICT = 'urn:meridian:problem:supply:device-identifier-conflict';

export function toItemDto(item: ItemRow): ItemDto {
  return {
    ...item,
    gtins: [...item.gtins],
    deviceIdentifiers: allDeviceIdentifiers(item),
    chargeable: item.chargeCode !== null,
    currency: CURRENCY,
  };
}

/** What an item is looked up by: its id or the GTIN-14 of one of its packages. */
export type ItemKey = { readonly itemId: string } | { readonly gtin: string };

/**
 * The item master: imported over HTTP, what scans and item ids resolve to. Nothing is cached: a
 * usage reads the table in its own transaction, so an item imported a moment ago is scannable.
 */
@Injectable()
export class ItemsService {
  private readonly logger = new Logger(ItemsService.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Items matching every given filter, by item id; all of them without a filter. */
  async list(query: ListItemsQuery): Promise<ItemRow[]> {
    return readItems(this.dataSource.manager, {
      ...(query.itemId === undefined ? {} : { itemIds: [query.itemId] }),
      ...(query.deviceIdentifier === undefined ? {} : { deviceIdentifier: query.deviceIdentifier }),
    });
  }

  /** The item with this id or GTIN, or null. */
  async find(manager: EntityManager, key: ItemKey): Promise<ItemRow | null> {
    const [item] = await readItems(
      manager,
      'itemId' in key
        ? { itemIds: [key.itemId] }
        : { deviceIdentifier: { issuingAgency: 'GS1', deviceIdentifier: key.gtin } },
    );
    return item ?? null;
  }

  /** Item id -> description, for the items given. */
  async descriptions(
    itemIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    const items = await readItems(manager, { itemIds: [...new Set(itemIds)] });
    return new Map(items.map((i) => [i.itemId, i.description]));
  }

  /**
   * Creates or replaces the rows by item id in one transaction, all or nothing; a 409 naming the
   * field of each device identifier another item holds.
   */
  async write(rows: RowsToWrite<ItemRow>): Promise<WrittenItems> {
    const written = await writeRows(
      rows,
      { type: DEVICE_IDENTIFIER_CONFLICT, title: 'Device identifier already on another item' },
      (items) => this.dataSource.transaction((manager) => writeItems(manager, items)),
    );
    const [first] = rows.rows;
    this.logger.log({
      msg: 'item master rows written',
      rows: rows.rows.length,
      created: written.created,
      replaced: rows.rows.length - written.created,
      ...(rows.rows.length === 1 ? { itemId: first?.value.itemId } : {}),
    });
    return written;
  }
}
