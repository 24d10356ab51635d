import type { TopicContract } from '@meridian/contracts';
import { createMessaging } from '@meridian/messaging';
import type { Messaging, Production } from '@meridian/messaging';
import { createLogger } from '@meridian/telemetry';
import { getInfra, uniqueName } from '@meridian/testing';
import { serviceTopics } from '../messaging/service-messaging.js';

export interface TestSenderOptions {
  /** Names its client (made unique) and logger. */
  readonly name: string;
  /** What the test publishes as other services would (an orchestrator's commands, ADT facts). */
  readonly produces: readonly Production[];
  /** Topics created besides those it publishes to (e.g. saga.replies.v1 before a tap reads it). */
  readonly provision?: readonly TopicContract<unknown>[];
}

/**
 * A Messaging of the test's own on the real stack, playing the services that send to the one under
 * test, with its topics created (a fresh broker has none). Logs at LOG_LEVEL, default `error`.
 */
export async function startTestSender(options: TestSenderOptions): Promise<Messaging> {
  const infra = getInfra();
  const sender = await createMessaging({
    serviceName: uniqueName(`${options.name.replace(/-/g, '_')}_sender`),
    brokers: infra.kafkaBrokers,
    schemaRegistryUrl: infra.schemaRegistryUrl,
    logger: createLogger({ name: options.name, level: process.env['LOG_LEVEL'] ?? 'error' }),
    produces: options.produces,
  });
  try {
    await sender.provision(
      serviceTopics({ produces: options.produces, consumedTopics: options.provision ?? [] }),
    );
  } catch (error) {
    await sender.stop();
    throw error;
  }
  return sender;
}
