import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { HEALTH_OPTIONS } from './health.options.js';
import type { HealthOptions } from './health.options.js';
import { KafkaConsumersHealthIndicator } from './kafka-consumers.health.js';
import { KafkaHealthIndicator } from './kafka.health.js';
import { SchemaRegistryHealthIndicator } from './schema-registry.health.js';

/**
 * `GET /health/live` (the process answers) and `GET /health/ready` (Kafka, the schema registry
 * and, unless `database: false`, the database answer, and every tracked Kafka consumer is in its
 * group; 503 naming what is down). Global: whatever runs consumers injects
 * `KafkaConsumersHealthIndicator` to `track` them.
 */
@Module({})
export class HealthModule {
  static register(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: options },
        KafkaHealthIndicator,
        KafkaConsumersHealthIndicator,
        SchemaRegistryHealthIndicator,
      ],
      exports: [KafkaConsumersHealthIndicator],
    };
  }
}
