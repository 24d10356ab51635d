import { Module } from '@nestjs/common';
import { KafkaModule } from '../kafka/kafka.module.js';
import { ConsumerLagController } from './consumer-lag.controller.js';
import { ConsumerLagService } from './consumer-lag.service.js';

@Module({
  imports: [KafkaModule],
  controllers: [ConsumerLagController],
  providers: [ConsumerLagService],
  exports: [ConsumerLagService],
})
export class ConsumerLagModule {}
