import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An item of the item master: what a scan or an item id resolves to, and how it is billed. */
@Entity({ name: 'supply_item' })
export class SupplyItem {
  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId!: string;

  /** GS1 GTIN-14 of the package that is scanned; null for items without a GS1 barcode. */
  @Column({ type: 'text', nullable: true, unique: true })
  gtin!: string | null;

  @Column({ type: 'text' })
  description!: string;

  /** X12 355 / GS1 unit of measure the item is issued and charged in (EA, BX, PK). */
  @Column({ name: 'unit_of_measure', type: 'text' })
  unitOfMeasure!: string;

  /** Patient-chargeable through the chargemaster; false for floor stock. */
  @Column({ type: 'boolean' })
  chargeable!: boolean;

  /** CDM code of a chargeable item (revenue-cycle's chargemaster prices it). */
  @Column({ name: 'charge_code', type: 'text', nullable: true })
  chargeCode!: string | null;

  @Column({ name: 'hcpcs_code', type: 'text', nullable: true })
  hcpcsCode!: string | null;

  /** Implants are captured by the implant scan (implant-to-invoice), never as a supply usage. */
  @Column({ type: 'boolean' })
  implant!: boolean;

  /** Hospital cost per unit of measure (not the patient charge), USD. */
  @Column({ name: 'unit_cost', type: 'numeric', precision: 14, scale: 2 })
  unitCost!: string;
}
