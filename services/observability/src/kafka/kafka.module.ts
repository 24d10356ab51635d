import { Module } from '@nestjs/common';
import { KafkaClients } from './kafka-clients.js';

@Module({ providers: [KafkaClients], exports: [KafkaClients] })
export class KafkaModule {}
