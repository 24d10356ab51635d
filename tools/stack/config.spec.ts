import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig } from './config.ts';
import { StackError } from './errors.ts';

describe('loadStackConfig', () => {
  it('uses the documented default ports and manages every component itself', () => {
    const config = loadStackConfig({});
    assert.equal(config.kafka.port, 9092);
    assert.equal(config.kafka.controllerPort, 9093);
    assert.equal(config.registry.port, 8081);
    assert.equal(config.postgres.port, 5433);
    assert.equal(config.kafka.external, undefined);
    assert.equal(config.registry.external, undefined);
    assert.equal(config.postgres.external, undefined);
  });

  it('reads the pinned Kafka and Apicurio versions from deploy/local/pom.xml', () => {
    const { versions } = loadStackConfig({});
    assert.match(versions.kafka, /^3\.9\.\d+$/);
    assert.match(versions.apicurio, /^3\.\d+\.\d+$/);
  });

  it('treats KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL as components it must not start', () => {
    const config = loadStackConfig({
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
      SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7',
      DATABASE_URL: 'postgres://ops@db:5432/meridian',
    });
    assert.equal(config.kafka.external, 'kafka-1:9092,kafka-2:9092');
    assert.equal(config.registry.external, 'http://registry:8080/apis/ccompat/v7');
    assert.equal(config.postgres.external, 'postgres://ops@db:5432/meridian');
  });

  for (const [name, value] of [
    ['KAFKA_PORT', 'nine'],
    ['POSTGRES_PORT', '0'],
    ['SCHEMA_REGISTRY_PORT', '65536'],
  ] as const) {
    it(`rejects ${name}=${value} with a sentence naming ${name}`, () => {
      assert.throws(
        () => loadStackConfig({ [name]: value }),
        (error: unknown) => error instanceof StackError && error.message.includes(name),
      );
    });
  }
});
