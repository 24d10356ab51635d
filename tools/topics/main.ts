// Topic provisioning: npm run topics -- provision
// Creates every catalogue topic (schemas/topics.json, via @meridian/contracts) with its partitions
// and the replication factor of KAFKA_REPLICATION_FACTOR (default 1), on KAFKA_BROKERS (default
// localhost:9092); idempotent. The Helm chart runs the same step as a pre-install/pre-upgrade job.
import { ALL_TOPICS } from '@meridian/contracts';
import { provisionTopics } from '@meridian/messaging';
import { Kafka, logLevel } from 'kafkajs';

const [command] = process.argv.slice(2);
if (command !== 'provision') {
  console.error('usage: npm run topics -- provision');
  process.exit(2);
}
const replicationFactor = Number(process.env['KAFKA_REPLICATION_FACTOR'] ?? 1);
if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
  console.error(
    `topics: KAFKA_REPLICATION_FACTOR must be a whole number >= 1, got '${process.env['KAFKA_REPLICATION_FACTOR']}'`,
  );
  process.exit(1);
}
const admin = new Kafka({
  clientId: 'meridian-topics',
  brokers: (process.env['KAFKA_BROKERS'] ?? 'localhost:9092').split(','),
  logLevel: logLevel.WARN,
}).admin();
try {
  await admin.connect();
  const result = await provisionTopics(admin, ALL_TOPICS, { replicationFactor });
  for (const name of result.created) console.log(`created   ${name}`);
  for (const name of result.grown) console.log(`grown     ${name}`);
  console.log(
    `topics: ${result.created.length} created, ${result.grown.length} grown, ${result.unchanged.length} unchanged`,
  );
} catch (error) {
  console.error(`topics: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await admin.disconnect();
}
