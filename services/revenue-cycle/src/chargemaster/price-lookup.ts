// Which chargemaster row prices what an encounter references (pure): a facility's own row, else
// the network-wide row (facility null) of the same unit, procedure code or item; never a row of
// another facility. One rule for every kind.
import { toCents } from '@meridian/contracts';
import type { PriceEntry, PriceLookup } from '../charges/pricing.js';
import type { ChargemasterItem, ChargemasterKind } from './chargemaster-item.entity.js';

/** The kinds a supply usage (or an implant) is charged as. */
export const CHARGEABLE_ITEMS: readonly ChargemasterKind[] = ['SUPPLY', 'IMPLANT'];

export function priceEntry(item: ChargemasterItem): PriceEntry {
  return {
    cdmCode: item.cdmCode,
    revenueCode: item.revenueCode,
    cptHcpcsCode: item.cptHcpcsCode,
    unitPriceCents: toCents(item.unitPrice),
  };
}

/**
 * Among the active rows of one key (a unit, a procedure code, an item), the row of `facilityId`,
 * else the network-wide one; undefined when neither exists. A null facility (a single-facility
 * sender) finds the network-wide row only.
 */
export function rowAtFacility<R extends { readonly facilityId: string | null }>(
  rows: readonly R[],
  facilityId: string | null,
): R | undefined {
  const own = facilityId === null ? undefined : rows.find((r) => r.facilityId === facilityId);
  return own ?? rows.find((r) => r.facilityId === null);
}

/**
 * Pricing's lookups over the active rows an encounter references, at the encounter's facility.
 * A supply is priced by its facility's own row for the item when there is one, else by the row of
 * the CDM code supply-consumption sent (network-wide, or the facility's own).
 */
export function priceLookup(
  rows: readonly ChargemasterItem[],
  facilityId: string | null,
): PriceLookup {
  const find = (match: (row: ChargemasterItem) => boolean): PriceEntry | undefined => {
    const row = rowAtFacility(rows.filter(match), facilityId);
    return row ? priceEntry(row) : undefined;
  };
  return {
    roomAndBoard: (unitId) => find((r) => r.kind === 'ROOM_AND_BOARD' && r.unitId === unitId),
    procedure: (code) => find((r) => r.kind === 'PROCEDURE' && r.cptHcpcsCode === code),
    chargeCode: (cdmCode, itemId) =>
      find(
        (r) =>
          CHARGEABLE_ITEMS.includes(r.kind) &&
          (r.cdmCode === cdmCode || (r.itemId === itemId && r.facilityId !== null)),
      ),
  };
}
