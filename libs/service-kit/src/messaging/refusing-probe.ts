// Test support for the kit's own integration tests: a service on the kit whose one Kafka handler
// refuses every command (non-retriable), started as `bootstrapService` runs an app.
import { Controller, Module } from '@nestjs/common';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { ReconcileEncounterSupplies } from '@meridian/contracts';
import type { TopicContract } from '@meridian/contracts';
import { NonRetriableError, OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { PinoNestLogger, startTelemetry } from '@meridian/telemetry';
import type { Logger } from '@meridian/telemetry';
import type { ServiceConfig } from '../config/service-config.js';
import { ServiceKitModule } from '../service-kit.module.js';
import { ServiceMessagingHost } from './service-messaging.js';

export interface RefusingProbeOptions {
  readonly name: string;
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** The test's own topic; it must carry ReconcileEncounterSupplies (the handled record). */
  readonly topic: TopicContract<unknown>;
  readonly consumes?: boolean;
}

/** A controller refusing ReconcileEncounterSupplies on `topic`. */
function refusingHandlers(topic: TopicContract<unknown>): Type {
  @Controller()
  class RefusingHandlers {
    @OnMessage(topic as TopicContract<ReconcileEncounterSupplies>, ReconcileEncounterSupplies)
    async reconcile(
      @Payload() command: ReconcileEncounterSupplies,
      @Ctx() _ctx: MessageContext,
    ): Promise<void> {
      throw new NonRetriableError(`encounter ${command.encounterId} is refused`);
    }
  }
  return RefusingHandlers;
}

@Module({})
class RefusingProbe {
  static register(options: RefusingProbeOptions): DynamicModule {
    const { name, config, logger, topic, consumes } = options;
    return {
      module: RefusingProbe,
      imports: [
        ServiceKitModule.register({
          name,
          config,
          telemetry: startTelemetry({ serviceName: name, env: {} }),
          messaging: {
            logger,
            ...(consumes === undefined ? {} : { consumes }),
            produces: [{ topic, records: topic.records }],
          },
        }),
      ],
      controllers: [refusingHandlers(topic)],
    };
  }
}

/** The probe as `bootstrapService` runs an app: listening on a free port, then messaging started. */
export async function startRefusingProbe(options: RefusingProbeOptions): Promise<INestApplication> {
  const app = await NestFactory.create(RefusingProbe.register(options), {
    logger: new PinoNestLogger(options.logger),
  });
  await app.listen(0, '127.0.0.1');
  await app.get(ServiceMessagingHost).start(app);
  return app;
}
