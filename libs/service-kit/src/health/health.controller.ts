import { Controller, Get, Inject, UseFilters } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorFunction } from '@nestjs/terminus';
import { HealthCheckFailureFilter } from './health-check-failure.filter.js';
import { HEALTH_OPTIONS } from './health.options.js';
import type { HealthOptions } from './health.options.js';
import { KafkaConsumersHealthIndicator } from './kafka-consumers.health.js';
import { KafkaHealthIndicator } from './kafka.health.js';
import { SchemaRegistryHealthIndicator } from './schema-registry.health.js';
import { Public } from '../auth/authorize.js';

const DATABASE_TIMEOUT_MS = 1_500;

@Public()
@Controller('health')
export class HealthController {
  private readonly checks: HealthIndicatorFunction[];

  constructor(
    @Inject(HEALTH_OPTIONS) options: HealthOptions,
    private readonly health: HealthCheckService,
    database: TypeOrmHealthIndicator,
    kafka: KafkaHealthIndicator,
    schemaRegistry: SchemaRegistryHealthIndicator,
    private readonly consumers: KafkaConsumersHealthIndicator,
  ) {
    this.checks = [
      () => kafka.check('kafka'),
      () => schemaRegistry.check('schemaRegistry'),
      ...(options.database === false
        ? []
        : [() => database.pingCheck('database').withTimeout(DATABASE_TIMEOUT_MS)]),
    ];
  }

  /** Liveness: the process serves HTTP. Dependencies are readiness' business. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 when Kafka, the schema registry and the database all answer and, in a service
   * that consumes, every Kafka consumer is in its group (`kafkaConsumers`), else 503.
   */
  @Get('ready')
  @HealthCheck()
  @UseFilters(HealthCheckFailureFilter)
  ready(): Promise<HealthCheckResult> {
    return this.health.check(
      this.consumers.tracking
        ? [...this.checks, () => this.consumers.check('kafkaConsumers')]
        : this.checks,
    );
  }
}
