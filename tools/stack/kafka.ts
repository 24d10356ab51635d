import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { daemonFor, type Component } from './component.ts';
import { stackPaths, type StackConfig } from './config.ts';
import { ensureDistributions } from './distributions.ts';
import { StackError } from './errors.ts';
import { resolveJava } from './java.ts';
import { assertPortsFree, startDaemon } from './process.ts';

/** Health: the broker answers a metadata request (describeCluster). */
export async function kafkaAnswers(brokers: readonly string[]): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'meridian-stack',
    brokers: [...brokers],
    connectionTimeout: 1_000,
    requestTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function serverProperties(config: StackConfig, logDir: string): string {
  const { port, controllerPort } = config.kafka;
  return [
    '# Written by the Meridian stack CLI on every start; edit tools/stack/kafka.ts instead.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://localhost:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=3',
    // Topics are provisioned explicitly with their partitions and replication; a typo is an error.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=INFO',
  'log4j.logger.state.change.logger=WARN',
  '',
].join('\n');

/** Formats the KRaft storage on first start (a fresh cluster id), never again. */
function formatStorage(java: string, classpath: string, properties: string, logDir: string): void {
  if (existsSync(join(logDir, 'meta.properties'))) return;
  const clusterId = randomBytes(16).toString('base64url');
  const out = spawnSync(
    java,
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties],
    {
      encoding: 'utf8',
    },
  );
  if (out.status !== 0)
    throw new StackError(
      `Formatting Kafka storage failed: ${(out.stderr || out.stdout).trim().split('\n')[0]}`,
    );
}

export function kafkaComponent(config: StackConfig): Component {
  const paths = stackPaths(config);
  const brokers = config.kafka.external ?? `localhost:${config.kafka.port}`;
  const daemon = daemonFor('kafka', paths.run, paths.logs);
  const java = (): string => resolveJava(config.javaHome, 17, `Kafka ${config.versions.kafka}`);
  return {
    name: 'kafka',
    label: `Kafka ${config.versions.kafka} (KRaft)`,
    endpoint: brokers,
    external: config.kafka.external !== undefined,
    daemon,
    startTimeoutMs: 90_000,
    healthy: () => kafkaAnswers(brokers.split(',')),
    async preflight() {
      java();
      await assertPortsFree(
        [config.kafka.port, config.kafka.controllerPort],
        'Kafka',
        'KAFKA_PORT / KAFKA_CONTROLLER_PORT',
      );
    },
    async start(log) {
      await ensureDistributions(config, log);
      const confDir = join(config.home, 'conf', 'kafka');
      const logDir = join(paths.data, 'kafka');
      mkdirSync(confDir, { recursive: true });
      mkdirSync(logDir, { recursive: true });
      const properties = join(confDir, 'server.properties');
      writeFileSync(properties, serverProperties(config, logDir));
      writeFileSync(join(confDir, 'log4j.properties'), LOG4J);
      const classpath = `${paths.kafkaLibs}/*`;
      formatStorage(java(), classpath, properties, logDir);
      startDaemon(daemon, java(), [
        '-Xms256m',
        '-Xmx1g',
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${join(confDir, 'log4j.properties')}`,
        `-Dkafka.logs.dir=${paths.logs}`,
        '-cp',
        classpath,
        'kafka.Kafka',
        properties,
      ]);
    },
  };
}
