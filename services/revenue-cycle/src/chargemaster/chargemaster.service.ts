import { Injectable, Logger } from '@nestjs/common';
import { toCents } from '@meridian/contracts';
import { DataSource, In } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { PriceEntry, PriceLookup } from '../charges/pricing.js';
import { ChargemasterItem } from './chargemaster-item.entity.js';
import type { ChargemasterKind } from './chargemaster-item.entity.js';
import { writeChargemasterRows } from './chargemaster.store.js';
import type { ChargemasterRow, WrittenRows } from './chargemaster.store.js';

/** `GET /chargemaster?code=&kind=` */
export interface ChargemasterQuery {
  /** A CDM code or a CPT/HCPCS code. */
  readonly code: string | undefined;
  readonly kind: ChargemasterKind | undefined;
}

/** What an encounter's charges reference the chargemaster by. */
export interface ChargemasterReferences {
  readonly unitId: string;
  readonly procedureCodes: readonly string[];
  readonly chargeCodes: readonly string[];
}

export function priceEntry(item: ChargemasterItem): PriceEntry {
  return {
    cdmCode: item.cdmCode,
    revenueCode: item.revenueCode,
    cptHcpcsCode: item.cptHcpcsCode,
    unitPriceCents: toCents(item.unitPrice),
  };
}

const CHARGEABLE_ITEMS: readonly ChargemasterKind[] = ['SUPPLY', 'IMPLANT'];

/**
 * The chargemaster: listed and imported over HTTP, looked up by pricing. Nothing is cached: each
 * command's lookup reads the table in its own transaction, so a row imported a moment ago prices
 * the next command.
 */
@Injectable()
export class ChargemasterService {
  private readonly logger = new Logger(ChargemasterService.name);

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates or replaces rows by CDM code in one transaction, all or nothing (a
   * ChargemasterConflictError when an active row outside them has one of their lookup keys).
   */
  async write(rows: readonly ChargemasterRow[]): Promise<WrittenRows> {
    const written = await this.dataSource.transaction((manager) =>
      writeChargemasterRows(manager, rows),
    );
    this.logger.log({
      msg: 'chargemaster rows written',
      rows: rows.length,
      created: written.created,
      replaced: rows.length - written.created,
      ...(rows.length === 1 ? { cdmCode: rows[0]?.cdmCode } : {}),
    });
    return written;
  }

  /** Rows matching the query, by CDM code. */
  list(query: ChargemasterQuery): Promise<ChargemasterItem[]> {
    const base: FindOptionsWhere<ChargemasterItem> = query.kind ? { kind: query.kind } : {};
    const where = query.code
      ? [
          { ...base, cdmCode: query.code },
          { ...base, cptHcpcsCode: query.code },
        ]
      : base;
    return this.dataSource
      .getRepository(ChargemasterItem)
      .find({ where, order: { cdmCode: 'ASC' } });
  }

  /** The active rows an encounter references, as pricing looks them up. */
  async lookup(manager: EntityManager, refs: ChargemasterReferences): Promise<PriceLookup> {
    const where: FindOptionsWhere<ChargemasterItem>[] = [
      { active: true, kind: 'ROOM_AND_BOARD', unitId: refs.unitId },
    ];
    if (refs.procedureCodes.length > 0)
      where.push({ active: true, kind: 'PROCEDURE', cptHcpcsCode: In([...refs.procedureCodes]) });
    if (refs.chargeCodes.length > 0)
      where.push({
        active: true,
        kind: In([...CHARGEABLE_ITEMS]),
        cdmCode: In([...refs.chargeCodes]),
      });
    const rows = await manager.getRepository(ChargemasterItem).find({ where });
    const find = (match: (row: ChargemasterItem) => boolean): PriceEntry | undefined => {
      const row = rows.find(match);
      return row ? priceEntry(row) : undefined;
    };
    return {
      roomAndBoard: (unitId) => find((r) => r.kind === 'ROOM_AND_BOARD' && r.unitId === unitId),
      procedure: (code) => find((r) => r.kind === 'PROCEDURE' && r.cptHcpcsCode === code),
      chargeCode: (cdmCode) =>
        find((r) => CHARGEABLE_ITEMS.includes(r.kind) && r.cdmCode === cdmCode),
    };
  }

  /** The active supply or implant row of a CDM code, or else of an item master id. */
  async chargeableItem(
    manager: EntityManager,
    by: { readonly cdmCode: string | null; readonly itemId: string },
  ): Promise<ChargemasterItem | null> {
    const match = by.cdmCode === null ? { itemId: by.itemId } : { cdmCode: by.cdmCode };
    return manager.getRepository(ChargemasterItem).findOne({
      where: { ...match, active: true, kind: In([...CHARGEABLE_ITEMS]) },
    });
  }
}
