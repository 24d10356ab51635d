import { Injectable, Logger } from '@nestjs/common';
import { writeRows } from '@meridian/service-kit';
import type { RowsToWrite } from '@meridian/service-kit';
import { DataSource, In, IsNull } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { PriceLookup } from '../charges/pricing.js';
import { ChargemasterItem } from './chargemaster-item.entity.js';
import type { ChargemasterKind } from './chargemaster-item.entity.js';
import { writeChargemasterRows } from './chargemaster.store.js';
import type { ChargemasterRow, WrittenRows } from './chargemaster.store.js';
import { CHARGEABLE_ITEMS, priceLookup } from './price-lookup.js';

/** Problem type of a write that would leave two active rows for one lookup key. */
export const CHARGEMASTER_CONFLICT = 'urn:meridian:problem:chargemaster-conflict';

/** `GET /chargemaster?code=&kind=&facilityId=` */
export interface ChargemasterQuery {
  /** A CDM code or a CPT/HCPCS code. */
  readonly code: string | undefined;
  readonly kind: ChargemasterKind | undefined;
  /** A facility's own rows only. */
  readonly facilityId: string | undefined;
}

/** What an encounter's charges reference the chargemaster by, at its facility. */
export interface ChargemasterReferences {
  /** The facility of the encounter's location; null for a single-facility sender. */
  readonly facilityId: string | null;
  readonly unitId: string;
  readonly procedureCodes: readonly string[];
  readonly supplies: readonly { readonly chargeCode: string; readonly itemId: string }[];
}

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
   * Creates or replaces rows by CDM code in one transaction, all or nothing; a 409 naming the
   * field of each row when an active row outside them has one of their lookup keys.
   */
  async write(rows: RowsToWrite<ChargemasterRow>): Promise<WrittenRows> {
    const written = await writeRows(
      rows,
      { type: CHARGEMASTER_CONFLICT, title: 'Chargemaster conflict' },
      (values) => this.dataSource.transaction((manager) => writeChargemasterRows(manager, values)),
    );
    const [first] = rows.rows;
    this.logger.log({
      msg: 'chargemaster rows written',
      rows: rows.rows.length,
      created: written.created,
      replaced: rows.rows.length - written.created,
      ...(rows.rows.length === 1 ? { cdmCode: first?.value.cdmCode } : {}),
    });
    return written;
  }

  /** Rows matching the query, by CDM code. */
  list(query: ChargemasterQuery): Promise<ChargemasterItem[]> {
    const base: FindOptionsWhere<ChargemasterItem> = {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.facilityId ? { facilityId: query.facilityId } : {}),
    };
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

  /**
   * The active rows an encounter references, as pricing looks them up at its facility (the
   * facility's own rows, else the network-wide ones). Rows of every facility are read; the lookup
   * keeps the encounter's.
   */
  async lookup(manager: EntityManager, refs: ChargemasterReferences): Promise<PriceLookup> {
    const where: FindOptionsWhere<ChargemasterItem>[] = [
      { active: true, kind: 'ROOM_AND_BOARD', unitId: refs.unitId },
    ];
    if (refs.procedureCodes.length > 0)
      where.push({ active: true, kind: 'PROCEDURE', cptHcpcsCode: In([...refs.procedureCodes]) });
    if (refs.supplies.length > 0) {
      const chargeable = { active: true, kind: In([...CHARGEABLE_ITEMS]) };
      where.push(
        { ...chargeable, cdmCode: In(refs.supplies.map((s) => s.chargeCode)) },
        { ...chargeable, itemId: In(refs.supplies.map((s) => s.itemId)) },
      );
    }
    const rows = await manager.getRepository(ChargemasterItem).find({ where });
    return priceLookup(rows, refs.facilityId);
  }

  /**
   * The active supply or implant row of a CDM code, or else the network-wide one of an item master
   * id (PostImplantCharge names no facility).
   */
  async chargeableItem(
    manager: EntityManager,
    by: { readonly cdmCode: string | null; readonly itemId: string },
  ): Promise<ChargemasterItem | null> {
    const match =
      by.cdmCode === null ? { itemId: by.itemId, facilityId: IsNull() } : { cdmCode: by.cdmCode };
    return manager.getRepository(ChargemasterItem).findOne({
      where: { ...match, active: true, kind: In([...CHARGEABLE_ITEMS]) },
    });
  }
}
