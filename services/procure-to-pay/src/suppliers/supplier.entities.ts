import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CENTS_COLUMN } from '../ledger/cents-column.js';

/** A supplier (vendor) of the AP master, loaded through the import API. */
@Entity({ name: 'p2p_supplier' })
export class Supplier {
  @PrimaryColumn({ name: 'supplier_id', type: 'text' })
  supplierId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Net payment terms in days; null when none on file. */
  @Column({ name: 'payment_terms_days', type: 'int', nullable: true })
  paymentTermsDays!: number | null;
}

/** A supplier's contract price of an item over a period of days (to inclusive; open when null). */
@Entity({ name: 'p2p_contract_price' })
export class ContractPrice {
  @PrimaryColumn({ name: 'supplier_id', type: 'text' })
  supplierId!: string;

  @PrimaryColumn({ name: 'item_id', type: 'text' })
  itemId!: string;

  /** `YYYY-MM-DD`. */
  @PrimaryColumn({ name: 'effective_from', type: 'date' })
  effectiveFrom!: string;

  @Column({ name: 'effective_to', type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ name: 'contract_id', type: 'text' })
  contractId!: string;

  @Column({
    name: 'unit_price',
    type: 'numeric',
    precision: 14,
    scale: 2,
    transformer: CENTS_COLUMN,
  })
  unitPriceCents!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'unit_of_measure', type: 'text' })
  unitOfMeasure!: string;

  @Column({ name: 'supplier_item_number', type: 'text', nullable: true })
  supplierItemNumber!: string | null;
}
