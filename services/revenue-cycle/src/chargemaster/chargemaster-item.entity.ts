import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CHARGEMASTER_KINDS = ['ROOM_AND_BOARD', 'PROCEDURE', 'SUPPLY', 'IMPLANT'] as const;
export type ChargemasterKind = (typeof CHARGEMASTER_KINDS)[number];

/** One chargemaster (CDM) line: what the hospital charges for a service, supply or day. */
@Entity({ name: 'chargemaster_item' })
export class ChargemasterItem {
  @PrimaryColumn({ name: 'cdm_code', type: 'text' })
  cdmCode!: string;

  @Column({ type: 'text' })
  description!: string;

  /** UB-04 (NUBC) revenue code (`isRevenueCode` of @meridian/contracts). */
  @Column({ name: 'revenue_code', type: 'text' })
  revenueCode!: string;

  @Column({ name: 'cpt_hcpcs_code', type: 'text', nullable: true })
  cptHcpcsCode!: string | null;

  /** Decimal string, numeric(12,2). */
  @Column({ name: 'unit_price', type: 'numeric', precision: 12, scale: 2 })
  unitPrice!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ type: 'text' })
  kind!: ChargemasterKind;

  /** The nursing unit a room & board line prices; null for every other kind. */
  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  /** Item master id of a supply (how an implant charge without a CDM code is found). */
  @Column({ name: 'item_id', type: 'text', nullable: true })
  itemId!: string | null;

  /** The facility whose price this is; null for a network-wide row (every facility's fallback). */
  @Column({ name: 'facility_id', type: 'text', nullable: true })
  facilityId!: string | null;
}
