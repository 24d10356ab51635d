import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Controller, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MessageContext } from '../consumer/consumer-runtime.js';
import type { Messaging } from '../messaging.factory.js';
import { MESSAGING_ENTITIES } from '../migrations.js';
import { createScratch, until, type BedV1, type Scratch } from '../testing/scratch.js';
import { MeridianKafkaTransport } from './meridian-kafka.transport.js';
import { MESSAGING, MessagingModule } from './messaging.module.js';
import { OnMessage } from './on-message.decorator.js';

describe('NestJS integration', () => {
  let s: Scratch;
  let app: INestApplication | undefined;

  before(async () => {
    s = await createScratch('nest');
    await s.register(s.contracts.v1);
  });
  after(async () => {
    await app?.close();
    await s.cleanup();
  });

  it('delivers a record to an @OnMessage handler, inside the handler transaction', async () => {
    const received: { bedId: string; source: string; inTransaction: boolean }[] = [];

    @Controller()
    class BedBoardHandlers {
      @OnMessage(s.topic, s.contracts.v1)
      async bedChanged(@Payload() bed: BedV1, @Ctx() ctx: MessageContext): Promise<void> {
        await ctx.manager.query('INSERT INTO bed (bed_id, status) VALUES ($1, $2)', [
          bed.bedId,
          bed.status,
        ]);
        received.push({
          bedId: bed.bedId,
          source: bed.envelope.source,
          inTransaction: ctx.manager.queryRunner?.isTransactionActive === true,
        });
      }
    }

    @Module({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: s.db.url, entities: MESSAGING_ENTITIES }),
        MessagingModule.register({
          serviceName: 'workforce-sync',
          brokers: s.infra.kafkaBrokers,
          schemaRegistryUrl: s.infra.schemaRegistryUrl,
          logger: s.logger,
          produces: [{ topic: s.topic, records: [s.contracts.v1] }],
        }),
      ],
      controllers: [BedBoardHandlers],
    })
    class AppModule {}

    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    const messaging = app.get<Messaging>(MESSAGING);
    const consumer = messaging.consumer(s.group);
    await messaging.provision([s.topic]);
    app.connectMicroservice({ strategy: new MeridianKafkaTransport(consumer) });
    await app.startAllMicroservices();
    await app.init();

    await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '8W-03', status: 'CLEANING' },
      { key: '8W' },
    );
    await until('the handler ran', async () => received.length === 1);
    assert.deepEqual(received, [{ bedId: '8W-03', source: 'workforce-sync', inTransaction: true }]);
    const rows = await s.dataSource.query<{ status: string }[]>(
      "SELECT status FROM bed WHERE bed_id = '8W-03'",
    );
    assert.deepEqual(rows, [{ status: 'CLEANING' }]);
  });
});
