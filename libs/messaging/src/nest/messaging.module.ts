import { Inject, Module } from '@nestjs/common';
import type { BeforeApplicationShutdown, DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createMessaging, type Messaging, type MessagingOptions } from '../messaging.factory.js';

/** Injection token of the service's `Messaging` (publisher, outbox, relay, consumers). */
export const MESSAGING = Symbol('MESSAGING');

/** Stops consumers, relay and producer before the database closes (at `onApplicationShutdown`). */
class MessagingLifecycle implements BeforeApplicationShutdown {
  constructor(@Inject(MESSAGING) private readonly messaging: Messaging) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.messaging.stop();
  }
}

/**
 * `MessagingModule.register(options)`: creates the service's Messaging once at start-up with the
 * app's TypeORM DataSource (for outbox and processed-message tables), which must be initialized
 * by then. Start-up fails when a produced schema is not registered.
 */
@Module({})
export class MessagingModule {
  static register(options: Omit<MessagingOptions, 'dataSource'>): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: MESSAGING,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => createMessaging({ ...options, dataSource }),
        },
        MessagingLifecycle,
      ],
      exports: [MESSAGING],
    };
  }
}
