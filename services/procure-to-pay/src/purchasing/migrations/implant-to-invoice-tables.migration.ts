import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Purchasing and accounts payable of implant-to-invoice: the supplier master and contract prices
 * (reference data, loaded through the import API), bill-only purchase orders, supplier invoices
 * and credit memos, the AP exception queue, and case-cost journals (source INVOICE) in the ledger.
 */
export class ImplantToInvoiceTables1795700000000 implements MigrationInterface {
  readonly name = 'ImplantToInvoiceTables1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE p2p_supplier (
        supplier_id text PRIMARY KEY,
        name text NOT NULL,
        payment_terms_days int CHECK (payment_terms_days BETWEEN 0 AND 365)
      )`);
    await q.query(`
      CREATE TABLE p2p_contract_price (
        supplier_id text NOT NULL REFERENCES p2p_supplier (supplier_id),
        item_id text NOT NULL,
        effective_from date NOT NULL,
        effective_to date CHECK (effective_to >= effective_from),
        contract_id text NOT NULL,
        unit_price numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
        currency text NOT NULL,
        unit_of_measure text NOT NULL,
        supplier_item_number text,
        PRIMARY KEY (supplier_id, item_id, effective_from)
      )`);
    // PO-<yyyy>-<6 digits>: one number per PO, never reused.
    await q.query('CREATE SEQUENCE p2p_po_number_seq START WITH 1');
    await q.query(`
      CREATE TABLE p2p_purchase_order (
        po_number text PRIMARY KEY,
        supplier_id text NOT NULL REFERENCES p2p_supplier (supplier_id),
        bill_only boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'MATCHED', 'APPROVED', 'CANCELLED')),
        cost_center text NOT NULL,
        encounter_id text,
        usage_id uuid,
        saga_id uuid UNIQUE,
        total_amount numeric(14, 2) NOT NULL,
        currency text NOT NULL,
        ordered_at timestamptz NOT NULL,
        cancelled_at timestamptz,
        cancel_reason text,
        match_saga_id uuid,
        match_step_name text,
        match_command_message_id uuid,
        match_waiting_for text CHECK (match_waiting_for IN ('INVOICE', 'CREDIT_MEMO')),
        receipt_usage_id uuid,
        receipt_quantity int
      )`);
    await q.query(
      'CREATE INDEX p2p_purchase_order_lists ON p2p_purchase_order (status, supplier_id)',
    );
    await q.query('CREATE INDEX p2p_purchase_order_encounter ON p2p_purchase_order (encounter_id)');
    await q.query(`
      CREATE TABLE p2p_purchase_order_line (
        po_number text NOT NULL REFERENCES p2p_purchase_order (po_number),
        line_number int NOT NULL CHECK (line_number >= 1),
        item_id text NOT NULL,
        supplier_item_number text,
        gtin text,
        quantity int NOT NULL CHECK (quantity >= 1),
        unit_of_measure text NOT NULL,
        contract_unit_price numeric(14, 2) NOT NULL,
        line_amount numeric(14, 2) NOT NULL,
        contract_id text,
        lot_number text,
        serial_number text,
        usage_id uuid,
        PRIMARY KEY (po_number, line_number)
      )`);
    await q.query(`
      CREATE TABLE p2p_supplier_invoice (
        invoice_id uuid PRIMARY KEY,
        supplier_id text NOT NULL REFERENCES p2p_supplier (supplier_id),
        supplier_invoice_number text NOT NULL,
        document_type text NOT NULL CHECK (document_type IN ('INVOICE', 'CREDIT_MEMO')),
        invoice_date date NOT NULL,
        received_at timestamptz NOT NULL,
        po_number text,
        tax_amount numeric(14, 2) NOT NULL,
        total_amount numeric(14, 2) NOT NULL,
        currency text NOT NULL,
        payment_due_date date,
        status text NOT NULL
          CHECK (status IN ('RECEIVED', 'MATCHED', 'EXCEPTION', 'REJECTED', 'APPROVED')),
        matched_at timestamptz,
        variance_amount numeric(14, 2),
        overridden_by text,
        rejected_at timestamptz,
        rejected_by text,
        approved_at timestamptz,
        approved_amount numeric(14, 2),
        cost_journal_id text,
        UNIQUE (supplier_id, supplier_invoice_number)
      )`);
    await q.query(
      'CREATE INDEX p2p_supplier_invoice_po ON p2p_supplier_invoice (po_number, status)',
    );
    await q.query(`
      CREATE TABLE p2p_supplier_invoice_line (
        invoice_id uuid NOT NULL REFERENCES p2p_supplier_invoice (invoice_id),
        line_number int NOT NULL CHECK (line_number >= 1),
        po_line_number int,
        supplier_item_number text,
        gtin text,
        quantity int NOT NULL,
        unit_of_measure text NOT NULL,
        unit_price numeric(14, 2) NOT NULL,
        line_amount numeric(14, 2) NOT NULL,
        lot_number text,
        serial_number text,
        PRIMARY KEY (invoice_id, line_number)
      )`);
    await q.query(`
      CREATE TABLE p2p_ap_exception (
        exception_id uuid PRIMARY KEY,
        invoice_id uuid NOT NULL REFERENCES p2p_supplier_invoice (invoice_id),
        po_number text,
        supplier_id text NOT NULL,
        reason text NOT NULL,
        variances jsonb NOT NULL,
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'AWAITING_CREDIT_MEMO',
          'RESOLVED_ACCEPTED', 'RESOLVED_REJECTED', 'RESOLVED_MATCHED')),
        raised_at timestamptz NOT NULL,
        resolved_at timestamptz,
        resolved_by text,
        resolution_note text,
        saga_id uuid
      )`);
    // At most one unresolved exception per invoice: a match tried again updates it.
    await q.query(`
      CREATE UNIQUE INDEX p2p_ap_exception_unresolved ON p2p_ap_exception (invoice_id)
        WHERE status IN ('OPEN', 'AWAITING_CREDIT_MEMO')`);
    await q.query(
      'CREATE INDEX p2p_ap_exception_lists ON p2p_ap_exception (status, reason, supplier_id)',
    );
    // Case-cost journals of approved invoices: source INVOICE, one live journal per invoice.
    await q.query(`
      ALTER TABLE gl_journal
        DROP CONSTRAINT gl_journal_source_type_check,
        ADD CONSTRAINT gl_journal_source_type_check
          CHECK (source_type IN ('CLAIM', 'JOURNAL', 'INVOICE'))`);
    await q.query(
      "CREATE UNIQUE INDEX gl_journal_invoice_posted ON gl_journal (source_id) WHERE source_type = 'INVOICE' AND status = 'POSTED'",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX gl_journal_invoice_posted');
    await q.query(`
      ALTER TABLE gl_journal
        DROP CONSTRAINT gl_journal_source_type_check,
        ADD CONSTRAINT gl_journal_source_type_check CHECK (source_type IN ('CLAIM', 'JOURNAL'))`);
    await q.query('DROP TABLE p2p_ap_exception');
    await q.query('DROP TABLE p2p_supplier_invoice_line');
    await q.query('DROP TABLE p2p_supplier_invoice');
    await q.query('DROP TABLE p2p_purchase_order_line');
    await q.query('DROP TABLE p2p_purchase_order');
    await q.query('DROP SEQUENCE p2p_po_number_seq');
    await q.query('DROP TABLE p2p_contract_price');
    await q.query('DROP TABLE p2p_supplier');
  }
}
