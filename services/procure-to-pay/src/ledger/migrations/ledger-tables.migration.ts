import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The general ledger: chart of accounts, cost centers, revenue-code mapping, journals. */
export class LedgerTables1795500000000 implements MigrationInterface {
  readonly name = 'LedgerTables1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gl_account (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
        name text NOT NULL,
        account_type text NOT NULL CHECK (account_type IN ('ASSET', 'LIABILITY', 'REVENUE', 'EXPENSE')),
        normal_balance text NOT NULL CHECK (normal_balance IN ('DEBIT', 'CREDIT'))
      )`);
    await q.query(`
      CREATE TABLE gl_cost_center (
        code text PRIMARY KEY,
        name text NOT NULL,
        unit_id text
      )`);
    await q.query(`
      CREATE TABLE gl_revenue_code_mapping (
        revenue_code text PRIMARY KEY CHECK (revenue_code ~ '^[0-9]{3,4}$'),
        account_code text NOT NULL REFERENCES gl_account (code),
        cost_center_code text NOT NULL REFERENCES gl_cost_center (code),
        description text NOT NULL
      )`);
    // ERP-style document numbers: ten digits, one per posted journal (reversals included).
    await q.query('CREATE SEQUENCE gl_document_number_seq START WITH 1000000001');
    await q.query(`
      CREATE TABLE gl_journal (
        journal_id text PRIMARY KEY,
        journal_type text NOT NULL,
        company_code text NOT NULL,
        source_type text NOT NULL CHECK (source_type IN ('CLAIM', 'JOURNAL')),
        source_id text NOT NULL,
        encounter_id text,
        payer_id text,
        patient_class text,
        posting_date date NOT NULL,
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('POSTED', 'REVERSED')),
        total_debit numeric(14, 2) NOT NULL,
        total_credit numeric(14, 2) NOT NULL,
        erp_document_number text NOT NULL UNIQUE,
        reverses_journal_id text UNIQUE REFERENCES gl_journal (journal_id),
        reversal_reason text,
        saga_id uuid,
        posted_at timestamptz NOT NULL DEFAULT now(),
        reversed_at timestamptz,
        CONSTRAINT gl_journal_balanced CHECK (total_debit = total_credit),
        CONSTRAINT gl_journal_reversal_source
          CHECK ((source_type = 'JOURNAL') = (reverses_journal_id IS NOT NULL))
      )`);
    await q.query('CREATE INDEX gl_journal_source ON gl_journal (source_type, source_id)');
    await q.query('CREATE INDEX gl_journal_encounter ON gl_journal (encounter_id)');
    await q.query('CREATE INDEX gl_journal_saga ON gl_journal (saga_id)');
    await q.query('CREATE INDEX gl_journal_posting_date ON gl_journal (posting_date)');
    // One live revenue journal per claim; a reversed one leaves the claim free for a resubmission.
    await q.query(
      "CREATE UNIQUE INDEX gl_journal_claim_posted ON gl_journal (source_id) WHERE source_type = 'CLAIM' AND status = 'POSTED'",
    );
    await q.query(`
      CREATE TABLE gl_journal_line (
        journal_id text NOT NULL REFERENCES gl_journal (journal_id),
        line_number int NOT NULL CHECK (line_number >= 1),
        account_code text NOT NULL REFERENCES gl_account (code),
        cost_center_code text NOT NULL REFERENCES gl_cost_center (code),
        debit numeric(14, 2) NOT NULL CHECK (debit >= 0),
        credit numeric(14, 2) NOT NULL CHECK (credit >= 0),
        memo text,
        PRIMARY KEY (journal_id, line_number),
        CONSTRAINT gl_journal_line_one_side CHECK ((debit = 0) <> (credit = 0))
      )`);
    await q.query('CREATE INDEX gl_journal_line_account ON gl_journal_line (account_code)');
    await q.query(`
      CREATE TABLE gl_posting_cancellation (
        saga_id uuid PRIMARY KEY,
        compensated_command_message_id uuid NOT NULL,
        reason text NOT NULL,
        cancelled_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gl_posting_cancellation');
    await q.query('DROP TABLE gl_journal_line');
    await q.query('DROP TABLE gl_journal');
    await q.query('DROP SEQUENCE gl_document_number_seq');
    await q.query('DROP TABLE gl_revenue_code_mapping');
    await q.query('DROP TABLE gl_cost_center');
    await q.query('DROP TABLE gl_account');
  }
}
