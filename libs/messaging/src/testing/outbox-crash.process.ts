// Child process for the outbox test: commits a state change with its outbox message, then dies
// by SIGKILL before any relay could send it (what a crash between commit and publish looks like).
import { DataSource } from 'typeorm';
import { createLogger } from '@meridian/telemetry';
import { createMessaging } from '../messaging.factory.js';
import { MESSAGING_ENTITIES } from '../migrations.js';
import { bedContracts } from './scratch.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const contracts = bedContracts(env('BED_NAMESPACE'));
const topic = { name: env('BED_TOPIC'), partitions: 1, key: 'bedId', records: [contracts.v1] };
const dataSource = await new DataSource({
  type: 'postgres',
  url: env('DATABASE_URL'),
  entities: MESSAGING_ENTITIES,
}).initialize();
const messaging = await createMessaging({
  serviceName: 'workforce-sync',
  brokers: env('KAFKA_BROKERS').split(','),
  schemaRegistryUrl: env('SCHEMA_REGISTRY_URL'),
  logger: createLogger({ name: 'outbox-crash', level: 'error' }),
  dataSource,
  produces: [{ topic, records: [contracts.v1] }],
});
await dataSource.transaction(async (manager) => {
  await manager.query("INSERT INTO bed (bed_id, status, changes) VALUES ('6S-04', 'CLEANING', 1)");
  await messaging.outbox.publish(
    manager,
    topic,
    contracts.v1,
    { bedId: '6S-04', status: 'CLEANING' },
    { key: '6S' },
  );
});
process.stdout.write('committed\n');
process.kill(process.pid, 'SIGKILL');
