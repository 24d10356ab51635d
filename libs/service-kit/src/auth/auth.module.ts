import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { AUDIT_TO_OUTBOX, AuditTrail } from './audit-trail.js';
import { AuthGuard } from './auth.guard.js';
import { OidcVerifier, type OidcSettings } from './oidc-verifier.js';

/** The kit's authentication, authorization and audit (see `AuthGuard`). */
@Module({})
export class AuthModule {
  static register(settings: OidcSettings, auditToOutbox: boolean): DynamicModule {
    return {
      module: AuthModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: OidcVerifier, useValue: new OidcVerifier(settings) },
        { provide: AUDIT_TO_OUTBOX, useValue: auditToOutbox },
        AuditTrail,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
