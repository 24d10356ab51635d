import { Controller, Get, Query } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AuditRecorded, Topics } from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { Authorize } from '@meridian/service-kit';
import { encodeAuditCursor, parseAuditQuery } from './audit-requests.js';
import { AuditStore } from './audit.store.js';
import type { AuditEntry } from './audit.store.js';

/**
 * The platform's audit trail: every service's AuditRecorded (audit.v1) kept append-only, read by
 * business key or caller. The records carry no PHI (route templates, identifiers, roles).
 */
@Controller()
export class AuditController {
  constructor(private readonly store: AuditStore) {}

  /** audit.v1 into `audit_record`, once per auditId (and once per messageId, as every consumer). */
  @OnMessage(Topics.AuditV1, AuditRecorded)
  async recorded(@Payload() record: AuditRecorded, @Ctx() ctx: MessageContext): Promise<void> {
    await this.store.append(ctx.manager, record);
  }

  /** `GET /audit?businessKey=&subject=&since=&until=&limit=&cursor=`: newest first. */
  @Get('audit')
  @Authorize(['sre-operator', 'admin'])
  async list(
    @Query() query: Record<string, unknown>,
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const { items, next } = await this.store.list(parseAuditQuery(query));
    return { items, nextCursor: next ? encodeAuditCursor(next) : null };
  }
}
