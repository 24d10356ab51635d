// Start-up against peers that are not up yet: messaging retries the registry lookups and the
// producer's connect while the registry and the broker refuse connections (a TCP proxy that starts
// listening later), and starts once they answer; a schema missing from the registry still fails
// at once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { SchemaNotRegisteredError } from '../errors.js';
import { createScratch, until, type Scratch } from '../testing/scratch.js';
import { tcpProxy } from '../testing/tcp-proxy.js';

interface Line {
  readonly msg: string;
  readonly step?: string;
  readonly errorType?: string;
  readonly errorCode?: string;
}

/** A pino logger at warn whose lines the test reads. */
function recordingLogger(): { logger: pino.Logger; lines: Line[] } {
  const lines: Line[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  );
  return { logger, lines };
}

const retriesOf = (lines: readonly Line[], step: string): Line[] =>
  lines.filter(
    (l) => l.step === step && l.msg.endsWith('failed with a retriable error; trying again'),
  );

describe('messaging start while its peers are not up yet', () => {
  let s: Scratch;
  before(async () => {
    s = await createScratch('late_start');
    await s.register(s.contracts.v1);
  });
  after(async () => {
    await s.cleanup();
  });

  test('retries the registry and the broker until they listen, then starts and publishes', async () => {
    const [kafkaAddress = ''] = s.infra.kafkaBrokers;
    const broker = await tcpProxy(kafkaAddress);
    const registry = await tcpProxy(new URL(s.infra.schemaRegistryUrl).host);
    const { logger, lines } = recordingLogger();
    const starting = s.messaging('late-start', {
      brokers: [broker.address],
      schemaRegistryUrl: registry.via(s.infra.schemaRegistryUrl),
      logger,
      startRetry: { backoff: { initialDelayMs: 100, maxDelayMs: 500 } },
    });
    try {
      await until(
        'the registry lookup is retried',
        async () => retriesOf(lines, 'schema registry lookup').length >= 2,
      );
      await registry.open();
      await until(
        "the producer's connect is retried",
        async () => retriesOf(lines, 'kafka producer connect').length >= 1,
        60_000,
      );
      await broker.open();
      const messaging = await starting;

      const registryRetry = retriesOf(lines, 'schema registry lookup')[0];
      assert.equal(registryRetry?.errorType, 'InfrastructureUnavailableError');
      assert.equal(registryRetry?.errorCode, 'INFRASTRUCTURE_UNAVAILABLE');
      const kafkaRetry = retriesOf(lines, 'kafka producer connect')[0];
      assert.equal(kafkaRetry?.errorType, 'KafkaJSConnectionError');
      assert.equal(kafkaRetry?.errorCode, 'ECONNREFUSED');

      await messaging.provision([s.topic]);
      const { messageId } = await messaging.publisher.publish(
        s.topic,
        s.contracts.v1,
        { bedId: '3E-07', status: 'CLEANING' },
        { key: '3E' },
      );
      const [read] = await s.readMessage(s.topic.name, messageId);
      assert.equal(read?.key?.toString(), '3E');
    } finally {
      await starting.catch(() => undefined);
      await Promise.all([broker.cut(), registry.cut()]);
    }
  });

  test('fails at once on a schema missing from the registry, retrying nothing', async () => {
    const { logger, lines } = recordingLogger();
    await assert.rejects(
      s.messaging('late-start-unregistered', {
        logger,
        // A second version of the record, never registered under the subject.
        produces: [{ topic: s.topic, records: [s.contracts.v2] }],
      }),
      (error: unknown) =>
        error instanceof SchemaNotRegisteredError &&
        error.message.includes(`${s.topic.name}-${s.contracts.v2.fullName}`),
    );
    assert.deepEqual(
      lines.filter((l) => l.step !== undefined),
      [],
    );
  });
});
