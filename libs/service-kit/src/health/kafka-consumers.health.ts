import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { ConsumerHealth } from '@meridian/messaging';

/** What runs Kafka consumers and reports their readiness: a `Messaging` (`messaging.health()`). */
export interface ConsumerHealthSource {
  health(): readonly ConsumerHealth[];
}

/**
 * Readiness of every Kafka consumer the service runs (each consumer group and its retry group):
 * down, naming each group that is not ready and why, while one is crashed, stopped unexpectedly,
 * or out of its group (starting, rebalancing) for longer than its join grace. Whatever runs
 * consumers registers them with `track` (the kit's messaging host does so for its `Messaging`);
 * readiness checks `kafkaConsumers` only while something is tracked.
 */
@Injectable()
export class KafkaConsumersHealthIndicator {
  private readonly sources = new Set<ConsumerHealthSource>();

  constructor(private readonly health: HealthIndicatorService) {}

  /** Includes `source`'s consumers in readiness; the returned function removes them again. */
  track(source: ConsumerHealthSource): () => void {
    this.sources.add(source);
    return () => {
      this.sources.delete(source);
    };
  }

  get tracking(): boolean {
    return this.sources.size > 0;
  }

  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const consumers = [...this.sources].flatMap((source) => source.health());
    const details = Object.fromEntries(
      consumers.map(({ group, ...health }) => [group, health] as const),
    );
    const session = this.health.check(key);
    const notReady = consumers.filter((consumer) => !consumer.ready);
    if (notReady.length === 0) return session.up({ consumers: details });
    return session.down({
      message: notReady
        .map(
          (consumer) => `consumer group ${consumer.group} is not ready: ${consumer.reason ?? ''}`,
        )
        .join('; '),
      consumers: details,
    });
  }
}
