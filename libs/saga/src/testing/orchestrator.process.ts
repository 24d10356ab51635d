// An orchestrator as its own process, for the kill -9 test: it rebuilds the fixture's saga from
// FIXTURE_ID, runs the engine on DATABASE_URL, prints `ready`, and runs until killed.
import { createMessaging, MESSAGING_ENTITIES } from '@meridian/messaging';
import { createLogger } from '@meridian/telemetry';
import { DataSource } from 'typeorm';
import { seconds } from '../definition.js';
import { SagaEngine } from '../engine/saga-engine.js';
import { SAGA_ENTITIES } from '../store/migrations.js';
import { bedToClaim, fixtureTopics, sagaTypeFor, TEST_CONSUMER_OPTIONS } from './saga-fixture.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const id = env('FIXTURE_ID');
const topics = fixtureTopics(id);
// The group forgets a killed orchestrator after its session timeout (10 s here, 30 s by default):
// the reply timeout outlasts it, so a restart gets its partitions back before an in-flight command
// times out and is re-sent.
const SESSION_TIMEOUT_MS = seconds(10);
const definitions = [bedToClaim(sagaTypeFor(id), topics, { replyTimeoutMs: seconds(30) })];
const logger = createLogger({
  name: 'orchestrator-process',
  level: process.env['LOG_LEVEL'] ?? 'error',
});
const dataSource = await new DataSource({
  type: 'postgres',
  url: env('DATABASE_URL'),
  entities: [...MESSAGING_ENTITIES, ...SAGA_ENTITIES],
}).initialize();
const messaging = await createMessaging({
  serviceName: 'saga-orchestrator',
  brokers: env('KAFKA_BROKERS').split(','),
  schemaRegistryUrl: env('SCHEMA_REGISTRY_URL'),
  logger,
  dataSource,
  produces: SagaEngine.productions(definitions, topics),
});
const engine = new SagaEngine({
  messaging,
  dataSource,
  definitions,
  logger,
  group: `${id}.orchestrator`,
  topics,
  timerPollMs: 100,
  consumerOptions: { ...TEST_CONSUMER_OPTIONS, sessionTimeoutMs: SESSION_TIMEOUT_MS },
});
await engine.start();
process.stdout.write('ready\n');
