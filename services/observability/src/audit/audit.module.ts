import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller.js';
import { AuditStore } from './audit.store.js';

/** The audit trail: audit.v1 in (append-only), `GET /audit` out. */
@Module({
  controllers: [AuditController],
  providers: [AuditStore],
})
export class AuditModule {}
