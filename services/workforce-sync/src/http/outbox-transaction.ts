import { Injectable } from '@nestjs/common';
import { ServiceMessagingHost } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { Publish } from '../bed-board/board-transaction.js';

/**
 * A request's transaction with the transactional outbox: what `work` publishes commits (or not)
 * with its state change; the relay is nudged once it committed.
 */
@Injectable()
export class OutboxTransaction {
  constructor(
    private readonly dataSource: DataSource,
    private readonly host: ServiceMessagingHost,
  ) {}

  async run<T>(work: (manager: EntityManager, publish: Publish) => Promise<T>): Promise<T> {
    const { outbox } = this.host.messaging;
    const result = await this.dataSource.transaction((manager) =>
      work(manager, (topic, contract, draft, options) =>
        outbox.publish(manager, topic, contract, draft, options),
      ),
    );
    outbox.nudge();
    return result;
  }
}
