import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadStackConfig, stackPaths } from './config.ts';
import { StackError } from './errors.ts';

describe('loadStackConfig', () => {
  it('uses the documented default ports and manages every component itself', () => {
    const config = loadStackConfig({});
    assert.equal(config.kafka.port, 9092);
    assert.equal(config.kafka.controllerPort, 9093);
    assert.equal(config.registry.port, 8081);
    assert.equal(config.registry.managementPort, 9000);
    assert.equal(config.postgres.port, 5433);
    assert.equal(config.jaeger.otlpGrpcPort, 4317);
    assert.equal(config.jaeger.otlpHttpPort, 4318);
    assert.equal(config.jaeger.uiPort, 16686);
    assert.equal(config.jaeger.retention, '72h');
    assert.equal(config.kafka.external, undefined);
    assert.equal(config.registry.external, undefined);
    assert.equal(config.postgres.external, undefined);
    assert.equal(config.jaeger.external, undefined);
  });

  it('keeps the distributions in the home unless MERIDIAN_DIST names another directory', () => {
    const own = loadStackConfig({ MERIDIAN_HOME: '/tmp/h' });
    assert.equal(own.dist, '/tmp/h/dist');
    assert.equal(stackPaths(own).kafkaLibs, `/tmp/h/dist/kafka-${own.versions.kafka}/libs`);
    const shared = loadStackConfig({ MERIDIAN_HOME: '/tmp/h', MERIDIAN_DIST: '/srv/dist' });
    assert.equal(shared.dist, '/srv/dist');
    assert.equal(stackPaths(shared).apicurioDist, `/srv/dist/apicurio-${shared.versions.apicurio}`);
    assert.equal(stackPaths(shared).data, '/tmp/h/data');
  });

  it('reads the pinned Kafka, Apicurio and Keycloak versions from deploy/local/pom.xml', () => {
    const { versions } = loadStackConfig({});
    assert.match(versions.kafka, /^3\.9\.\d+$/);
    assert.match(versions.apicurio, /^3\.\d+\.\d+$/);
    assert.match(versions.keycloak, /^\d+\.\d+\.\d+$/);
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

  it('treats OTEL_EXPORTER_OTLP_ENDPOINT with JAEGER_URL as an external Jaeger, trailing slashes dropped', () => {
    const config = loadStackConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      JAEGER_URL: 'https://jaeger.ops.example/',
    });
    assert.deepEqual(config.jaeger.external, {
      otlpEndpoint: 'http://collector:4318',
      jaegerUrl: 'https://jaeger.ops.example',
    });
  });

  for (const [given, missing] of [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'JAEGER_URL'],
    ['JAEGER_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ] as const) {
    it(`refuses ${given} without ${missing}: an external Jaeger needs both`, () => {
      assert.throws(
        () => loadStackConfig({ [given]: 'http://elsewhere:4318' }),
        (error: unknown) =>
          error instanceof StackError &&
          error.message.includes(`only ${given} is set`) &&
          error.message.includes('set both'),
      );
    });
  }

  it('reads the Jaeger ports and retention from the environment', () => {
    const { jaeger } = loadStackConfig({
      JAEGER_OTLP_GRPC_PORT: '14317',
      JAEGER_OTLP_HTTP_PORT: '14318',
      JAEGER_UI_PORT: '26686',
      JAEGER_RETENTION: '1h30m',
    });
    assert.deepEqual(
      [jaeger.otlpGrpcPort, jaeger.otlpHttpPort, jaeger.uiPort, jaeger.retention],
      [14317, 14318, 26686, '1h30m'],
    );
  });

  for (const value of ['7d', '72', '0h', '-1h', 'h', '72 h']) {
    it(`rejects JAEGER_RETENTION=${value} with a sentence naming JAEGER_RETENTION`, () => {
      assert.throws(
        () => loadStackConfig({ JAEGER_RETENTION: value }),
        (error: unknown) =>
          error instanceof StackError &&
          error.message.startsWith('JAEGER_RETENTION must be a duration') &&
          error.message.includes(`got '${value}'`),
      );
    });
  }

  for (const [name, value] of [
    ['KAFKA_PORT', 'nine'],
    ['POSTGRES_PORT', '0'],
    ['SCHEMA_REGISTRY_PORT', '65536'],
    ['SCHEMA_REGISTRY_MANAGEMENT_PORT', '0'],
    ['JAEGER_OTLP_GRPC_PORT', 'grpc'],
    ['JAEGER_OTLP_HTTP_PORT', '4318.5'],
    ['JAEGER_UI_PORT', '70000'],
    ['KEYCLOAK_PORT', 'http'],
    ['KEYCLOAK_MANAGEMENT_PORT', '-1'],
  ] as const) {
    it(`rejects ${name}=${value} with a sentence naming ${name}`, () => {
      assert.throws(
        () => loadStackConfig({ [name]: value }),
        (error: unknown) =>
          error instanceof StackError &&
          error.message === `${name} must be a TCP port (1-65535), got '${value}'.`,
      );
    });
  }
});
