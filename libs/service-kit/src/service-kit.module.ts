import { Module } from '@nestjs/common';
import type { DynamicModule, ModuleMetadata, Type } from '@nestjs/common';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@meridian/messaging';
import { SagaParticipantAnswers1795600000000 } from '@meridian/saga';
import { TelemetryModule } from '@meridian/telemetry';
import type { TelemetryHandle } from '@meridian/telemetry';
import type { ServiceRuntime } from './bootstrap/bootstrap-service.js';
import { AUDIT_PRODUCTION } from './auth/audit-trail.js';
import { AuthModule } from './auth/auth.module.js';
import { ConfigModule } from './config/config.module.js';
import { kafkaSecurity } from './config/kafka-connection.js';
import type { ServiceConfig } from './config/service-config.js';
import { DatabaseModule } from './database/database.module.js';
import type { EntityClass, MigrationClass } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { MESSAGING_RETENTION } from './messaging/messaging-retention.js';
import { MESSAGING_ENABLED, ServiceMessagingModule } from './messaging/service-messaging.js';
import type { ServiceMessagingOptions } from './messaging/service-messaging.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ProblemDetailsModule } from './problem/problem-details.module.js';
import type { ErrorMapping } from './problem/problem-details.js';

export interface ServiceKitOptions {
  /** The service's name: database application name, Kafka probe client id. */
  readonly name: string;
  readonly config: ServiceConfig;
  readonly telemetry: TelemetryHandle;
  /**
   * The service's own entities and migrations (with `messaging`, the kit adds the outbox and
   * processed-message ones, and for a service that consumes, the saga participant's answers that
   * `answerCommand` keeps); `false` for a service without a database.
   */
  readonly database?:
    | {
        readonly entities?: readonly EntityClass[];
        readonly migrations?: readonly MigrationClass[];
      }
    | false;
  /** Domain errors and the HTTP status they are answered with (problem+json). */
  readonly errors?: readonly ErrorMapping[];
  /**
   * Kafka: what the service publishes and consumes (needs the database: outbox, idempotency).
   * Started by `bootstrapService` once the app listens.
   */
  readonly messaging?: ServiceMessagingOptions;
}

/** What a service's AppModule says besides its runtime (`ServiceKitModule.forService`). */
export interface ServiceAppOptions extends Omit<
  ServiceKitOptions,
  'name' | 'config' | 'telemetry' | 'messaging'
> {
  /** What the service publishes and consumes; logged with the runtime's logger. */
  readonly messaging?: Omit<ServiceMessagingOptions, 'logger'>;
  /** The service's feature modules, imported after the kit. */
  readonly features: NonNullable<ModuleMetadata['imports']>;
}

/**
 * What every service's AppModule imports first: the config (`SERVICE_CONFIG`), telemetry
 * (flushed at shutdown), the database (booting without it, migrations at connect), health
 * (`/health/live`, `/health/ready`), metrics (`/metrics`), problem+json errors and, when
 * `messaging` is given, Kafka (started by `bootstrapService` once the app listens).
 */
@Module({})
export class ServiceKitModule {
  /**
   * A service's AppModule as `bootstrapService` builds it from the runtime: the kit with the
   * runtime's name, config, telemetry and logger, then the service's feature modules.
   */
  static forService(
    module: Type<unknown>,
    runtime: ServiceRuntime<ServiceConfig>,
    options: ServiceAppOptions,
  ): DynamicModule {
    const { features, messaging, ...kit } = options;
    return {
      module,
      imports: [
        ServiceKitModule.register({
          ...kit,
          name: runtime.name,
          config: runtime.config,
          telemetry: runtime.telemetry,
          ...(messaging ? { messaging: { ...messaging, logger: runtime.logger } } : {}),
        }),
        ...features,
      ],
    };
  }

  static register(options: ServiceKitOptions): DynamicModule {
    const { config, database = {} } = options;
    const given = database === false ? undefined : options.messaging;
    // Every service with messaging publishes its audit records (audit.v1) through its outbox.
    const messaging = given && { ...given, produces: [AUDIT_PRODUCTION, ...given.produces] };
    // Any consumer may answer saga commands (answerCommand): one path for every such service.
    const consumes = messaging !== undefined && (messaging.consumes ?? true);
    return {
      module: ServiceKitModule,
      imports: [
        ConfigModule.register(config),
        TelemetryModule.forRoot(options.telemetry),
        ...(database === false
          ? []
          : [
              DatabaseModule.register({
                url: config.databaseUrl,
                applicationName: options.name,
                entities: [...(messaging ? MESSAGING_ENTITIES : []), ...(database.entities ?? [])],
                migrations: [
                  ...(messaging ? MESSAGING_MIGRATIONS : []),
                  ...(consumes ? [SagaParticipantAnswers1795600000000] : []),
                  ...(database.migrations ?? []),
                ],
              }),
            ]),
        HealthModule.register({
          serviceName: options.name,
          kafkaBrokers: config.kafkaBrokers,
          kafkaSecurity: kafkaSecurity(config),
          schemaRegistryUrl: config.schemaRegistryUrl,
          database: database !== false,
        }),
        MetricsModule,
        AuthModule.register(
          {
            issuer: config.oidcIssuer,
            audience: config.oidcAudience,
            clockToleranceS: config.oidcClockToleranceS,
            rolesClaim: config.oidcRolesClaim,
            timeoutMs: config.oidcTimeoutMs,
          },
          messaging !== undefined,
        ),
        ProblemDetailsModule.register({ errors: options.errors ?? [] }),
        ...(messaging ? [ServiceMessagingModule.register(options.name, messaging)] : []),
      ],
      providers: [
        { provide: MESSAGING_ENABLED, useValue: messaging !== undefined },
        // Sent outbox rows and processed-message records would otherwise grow without end.
        ...(messaging ? MESSAGING_RETENTION : []),
      ],
    };
  }
}
