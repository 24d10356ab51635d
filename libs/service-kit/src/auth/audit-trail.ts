import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditRecorded, Topics } from '@meridian/contracts';
import type { Production } from '@meridian/messaging';
import { Counter, Registry } from 'prom-client';
import { ServiceMessagingHost } from '../messaging/service-messaging.js';
import type { CallContext, CallRequest, CallResponse } from './call.js';

/** Whether the service has messaging (its outbox carries the records); else they are logged. */
export const AUDIT_TO_OUTBOX = Symbol('meridian.audit-to-outbox');

/** What every service with messaging publishes besides its own: its audit records. */
export const AUDIT_PRODUCTION: Production = { topic: Topics.AuditV1, records: [AuditRecorded] };

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How long a record waits for messaging (a call answered while the service still starts). */
const WRITE_ATTEMPTS = 6;
const FIRST_RETRY_MS = 500;

type Outcome = 'SUCCEEDED' | 'FAILED' | 'DENIED';

function outcomeOf(status: number): Outcome {
  if (status === 401 || status === 403) return 'DENIED';
  return status < 400 ? 'SUCCEEDED' : 'FAILED';
}

/** `/coding-tasks/:id/complete`: the matched route, else the path (a call refused before routing). */
function routeOf(request: CallRequest): string {
  return request.route ? `${request.baseUrl ?? ''}${request.route.path}` : request.path;
}

/**
 * The audit trail of a service: one AuditRecorded per mutating call and per PHI read, allowed or
 * refused, written through the service's outbox (so it is relayed to audit.v1 even when Kafka is
 * briefly away) once the response is sent. A record that cannot be written is retried, then
 * logged as lost (without PHI) and counted.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('AuditTrail');
  private readonly written: Counter<'result'>;

  constructor(
    private readonly modules: ModuleRef,
    @Inject(AUDIT_TO_OUTBOX) private readonly enabled: boolean,
    registry: Registry,
  ) {
    this.written = new Counter({
      name: 'meridian_audit_records_total',
      help: 'Audit records written to the outbox (result=written) or given up on (result=lost).',
      labelNames: ['result'],
      registers: [registry],
    });
  }

  /** Records the call once answered, if it mutates or read PHI. */
  watch(request: CallRequest, response: CallResponse, call: CallContext): void {
    response.once('finish', () => {
      if (!MUTATING.has(request.method ?? '') && !call.audit.phiRead) return;
      void this.write(request, response.statusCode, call);
    });
  }

  private async write(request: CallRequest, status: number, call: CallContext): Promise<void> {
    const { caller, audit } = call;
    const auditId = randomUUID();
    const route = `${request.method ?? ''} ${routeOf(request)}`;
    const draft = {
      auditId,
      occurredAt: new Date(),
      subject: caller?.subject ?? null,
      username: caller?.username ?? null,
      clientId: caller?.clientId ?? null,
      role: call.role ?? null,
      roles: [...(caller?.roles ?? [])],
      action: audit.phiRead ? `READ_PHI ${route}` : route,
      resource: request.path,
      businessKey: audit.businessKey ?? null,
      phiRead: audit.phiRead,
      outcome: outcomeOf(status),
      httpStatus: status,
      traceId: call.traceId ?? null,
    } as const;
    if (!this.enabled) {
      this.logger.warn({ msg: 'audit record (the service has no messaging)', audit: draft });
      return;
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { messaging } = this.modules.get(ServiceMessagingHost, { strict: false });
        await messaging.outbox.transaction((_, publish) =>
          publish(Topics.AuditV1, AuditRecorded, draft, { key: draft.businessKey ?? auditId }),
        );
        this.written.inc({ result: 'written' });
        return;
      } catch (error) {
        if (attempt >= WRITE_ATTEMPTS) {
          this.written.inc({ result: 'lost' });
          this.logger.error({
            err: error,
            auditId,
            action: draft.action,
            msg: 'audit record lost',
          });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_MS * 2 ** (attempt - 1)));
      }
    }
  }
}
