// Topics on KAFKA_BROKERS (default localhost:9092):
// - npm run topics -- provision: creates every catalogue topic (schemas/topics.json, via
//   @meridian/contracts) with its partitions and the replication factor of
//   KAFKA_REPLICATION_FACTOR (default 1); idempotent. TLS and SASL: KAFKA_SSL, KAFKA_SSL_CA_FILE,
//   KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, as for the services. The Helm chart runs the same step as a
//   pre-install/pre-upgrade job.
// - npm run topics -- dlq: every consumer group's dead-letter topic (`<group>.dlq`) and how many
//   messages it holds, then a total line.
import { ALL_TOPICS } from '@meridian/contracts';
import { provisionTopics } from '@meridian/messaging';
import { envBrokers, kafkaSecurity, kafkaVariables, parseEnv } from '@meridian/service-kit';
import { Kafka, logLevel, type Admin } from 'kafkajs';

const [command] = process.argv.slice(2);
if (command !== 'provision' && command !== 'dlq') {
  console.error('usage: npm run topics -- provision | dlq');
  process.exit(2);
}
/** KAFKA_BROKERS and the variables, defaults and checks every service has (`kafkaVariables`). */
function kafkaFromEnv(): { admin: Admin; replicationFactor: number } {
  try {
    const config = parseEnv(process.env, {
      brokers: envBrokers('KAFKA_BROKERS', 'localhost:9092'),
      ...kafkaVariables(),
    });
    const kafka = new Kafka({
      clientId: 'meridian-topics',
      brokers: [...config.brokers],
      ...kafkaSecurity(config),
      logLevel: logLevel.WARN,
    });
    return { admin: kafka.admin(), replicationFactor: config.kafkaReplicationFactor };
  } catch (error) {
    console.error(`topics: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
const { admin, replicationFactor } = kafkaFromEnv();

/** Messages each `*.dlq` topic holds (high minus low watermark over its partitions). */
async function deadLetters(): Promise<void> {
  const topics = (await admin.listTopics()).filter((t) => t.endsWith('.dlq')).sort();
  let total = 0;
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const depth = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    total += depth;
    console.log(`${String(depth).padStart(8)}  ${topic}`);
  }
  console.log(`dlq: ${topics.length} dead-letter topics, ${total} messages`);
}

async function provision(): Promise<void> {
  const result = await provisionTopics(admin, ALL_TOPICS, { replicationFactor });
  for (const name of result.created) console.log(`created   ${name}`);
  for (const name of result.grown) console.log(`grown     ${name}`);
  console.log(
    `topics: ${result.created.length} created, ${result.grown.length} grown, ${result.unchanged.length} unchanged`,
  );
}

try {
  await admin.connect();
  await (command === 'dlq' ? deadLetters() : provision());
} catch (error) {
  console.error(`topics: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await admin.disconnect();
}
