import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { KafkaHealthIndicator } from './kafka.health.js';
import { SchemaRegistryHealthIndicator } from './schema-registry.health.js';

const DATABASE_TIMEOUT_MS = 1_500;

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
    private readonly schemaRegistry: SchemaRegistryHealthIndicator,
  ) {}

  /** Liveness: the process serves HTTP. Dependencies are readiness' business. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: 200 when Kafka, the schema registry and the database all answer, else 503. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.kafka.check('kafka'),
      () => this.schemaRegistry.check('schemaRegistry'),
      () => this.database.pingCheck('database').withTimeout(DATABASE_TIMEOUT_MS),
    ]);
  }
}
