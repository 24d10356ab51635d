import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckAttempt } from '@nestjs/terminus';
import { HEALTH_OPTIONS } from './health.options.js';
import type { HealthOptions } from './health.options.js';

const CHECK_TIMEOUT_MS = 2_000;

/** The schema registry is up when `GET {SCHEMA_REGISTRY_URL}/subjects` answers 200 with a JSON array. */
@Injectable()
export class SchemaRegistryHealthIndicator {
  constructor(
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    private readonly health: HealthIndicatorService,
  ) {}

  check<const Key extends string>(key: Key): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(async ({ signal }) => {
        const url = `${this.options.schemaRegistryUrl.replace(/\/+$/, '')}/subjects`;
        // `signal` is terminus' AbortSignal.timeout(CHECK_TIMEOUT_MS): it aborts the request too.
        const headers = { accept: 'application/json' };
        const response = await fetch(url, { signal, headers }).catch((error: unknown) => {
          throw new Error(`GET /subjects failed: ${causeOf(error)}`);
        });
        if (response.status !== 200) throw new Error(`GET /subjects answered ${response.status}`);
        const subjects: unknown = await response.json();
        if (!Array.isArray(subjects)) throw new Error('GET /subjects did not answer a JSON array');
        return { subjects: subjects.length };
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}

/** fetch reports "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND...) is in its cause. */
function causeOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error instanceof Error ? error.message : String(error);
}
