import { Injectable } from '@nestjs/common';
import type { AuditOutcome, AuditRecorded } from '@meridian/contracts';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AuditPosition, AuditQuery } from './audit-requests.js';

/**
 * One audited call as `GET /audit` shows it (no PHI: the record carries none): the record without
 * its envelope, with the service that answered the call (the record's producer) and when it was
 * stored here.
 */
export type AuditEntry = Readonly<Omit<AuditRecorded, 'envelope'>> & {
  readonly source: string;
  readonly recordedAt: Date;
};

interface AuditRow {
  seq: string;
  audit_id: string;
  source: string;
  occurred_at: Date;
  subject: string | null;
  username: string | null;
  client_id: string | null;
  role: string | null;
  roles: string[];
  action: string;
  resource: string;
  business_key: string | null;
  phi_read: boolean;
  outcome: AuditOutcome;
  http_status: number;
  trace_id: string | null;
  recorded_at: Date;
}

/** The append-only audit trail (`audit_record`; the table refuses UPDATE and DELETE). */
@Injectable()
export class AuditStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a record once per auditId (one delivered again is a no-op); in the consumer's transaction. */
  async append(manager: EntityManager, record: AuditRecorded): Promise<void> {
    await manager.query(
      `INSERT INTO audit_record (audit_id, message_id, source, occurred_at, subject, username,
         client_id, role, roles, action, resource, business_key, phi_read, outcome, http_status,
         trace_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (audit_id) DO NOTHING`,
      [
        record.auditId,
        record.envelope.messageId,
        record.envelope.source,
        record.occurredAt,
        record.subject,
        record.username,
        record.clientId,
        record.role,
        [...record.roles],
        record.action,
        record.resource,
        record.businessKey,
        record.phiRead,
        record.outcome,
        record.httpStatus,
        record.traceId,
      ],
    );
  }

  /** A page, newest first, and where it ended when more follow. */
  async list(query: AuditQuery): Promise<{ items: AuditEntry[]; next: AuditPosition | undefined }> {
    const args: unknown[] = [];
    const arg = (value: unknown): string => {
      args.push(value);
      return `$${args.length}`;
    };
    const conditions: string[] = [];
    if (query.businessKey !== undefined)
      conditions.push(`business_key = ${arg(query.businessKey)}`);
    if (query.subject !== undefined) {
      const subject = arg(query.subject);
      conditions.push(`(subject = ${subject} OR username = ${subject})`);
    }
    if (query.since !== undefined) conditions.push(`occurred_at >= ${arg(query.since)}`);
    if (query.until !== undefined) conditions.push(`occurred_at < ${arg(query.until)}`);
    if (query.after !== undefined)
      conditions.push(
        `(occurred_at, seq) < (${arg(query.after.occurredAt)}, ${arg(query.after.seq)})`,
      );
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT * FROM audit_record WHERE ${conditions.length > 0 ? conditions.join(' AND ') : 'TRUE'}
       ORDER BY occurred_at DESC, seq DESC LIMIT ${arg(query.limit + 1)}`,
      args,
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(entryOf),
      next:
        rows.length > query.limit && last
          ? { occurredAt: last.occurred_at, seq: last.seq }
          : undefined,
    };
  }
}

function entryOf(row: AuditRow): AuditEntry {
  return {
    auditId: row.audit_id,
    occurredAt: row.occurred_at,
    source: row.source,
    subject: row.subject,
    username: row.username,
    clientId: row.client_id,
    role: row.role,
    roles: row.roles,
    action: row.action,
    resource: row.resource,
    businessKey: row.business_key,
    phiRead: row.phi_read,
    outcome: row.outcome,
    httpStatus: row.http_status,
    traceId: row.trace_id,
    recordedAt: row.recorded_at,
  };
}
