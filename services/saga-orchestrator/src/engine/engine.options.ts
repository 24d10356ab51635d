import type { RegisteredSaga } from '@meridian/saga';
import type { Logger } from '@meridian/telemetry';

/** `EngineModule.register(options)`: what the orchestrator runs. */
export interface EngineOptions {
  /** Every definition version still running somewhere (`SAGA_DEFINITIONS` in production). */
  readonly definitions: readonly RegisteredSaga[];
  /** The engine's and messaging's logger. */
  readonly logger: Logger;
  /** Consumer group; replicas share it. Default `KAFKA_CONSUMER_GROUP`; tests use a fresh one. */
  readonly group?: string;
}

export const ENGINE_OPTIONS = Symbol('ENGINE_OPTIONS');
