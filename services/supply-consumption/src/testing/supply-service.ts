// supply-consumption as its own process on the real stack (see startServiceUnderTest): its topics
// created first on a fresh broker, its consumer group at the current end of its commands topic.
import { Topics } from '@meridian/contracts';
import { provisionTopics } from '@meridian/messaging';
import { getInfra, startServiceUnderTest, withKafkaAdmin } from '@meridian/testing';
import type { ServiceUnderTest } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import { SERVICE } from '../config/app.config.js';

const CONSUMED = Topics.SupplyConsumptionCommandsV1;
const TOPICS = [CONSUMED, Topics.SupplyUsageV1, Topics.SagaRepliesV1, Topics.AuditV1];

/** `env`: variables of the process besides the test database and group (FACILITY_TIMEZONE...). */
export async function startSupplyService(
  env: Readonly<Record<string, string>> = {},
): Promise<ServiceUnderTest> {
  const kafka = new Kafka({
    clientId: 'supply-consumption-it',
    brokers: [...getInfra().kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  await withKafkaAdmin(kafka, (admin) => provisionTopics(admin, TOPICS, { replicationFactor: 1 }));
  return startServiceUnderTest(SERVICE, { consumes: [CONSUMED.name], env });
}
