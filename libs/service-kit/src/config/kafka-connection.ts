import { readFileSync } from 'node:fs';
import type { KafkaSecurity } from '@meridian/messaging';
import { ConfigError, envOneOf, envOptional, envSecret, envVariable } from './env.js';
import type { EnvVariable } from './env.js';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/**
 * How a service (or the topics CLI) reaches Kafka beyond its brokers: TLS and/or SASL (Strimzi,
 * MSK, Confluent Cloud) and the replication of the topics it creates.
 */
export interface KafkaConnectionConfig {
  readonly kafkaReplicationFactor: number;
  readonly kafkaSsl: 'true' | 'false';
  readonly kafkaSslCaFile: string | undefined;
  readonly kafkaSaslMechanism: SaslMechanism | undefined;
  readonly kafkaSaslUsername: string | undefined;
  readonly kafkaSaslPassword: string | undefined;
}

/**
 * | variable                   | default                                                     |
 * | -------------------------- | ----------------------------------------------------------- |
 * | `KAFKA_REPLICATION_FACTOR` | `1`: replicas of each topic created (3 on a real cluster)   |
 * | `KAFKA_SSL`                | `false`; `true` connects with TLS                           |
 * | `KAFKA_SSL_CA_FILE`        | unset: the system's CAs; else a PEM file of the CA(s)       |
 * | `KAFKA_SASL_MECHANISM`     | unset: no SASL; `plain`, `scram-sha-256` or `scram-sha-512` |
 * | `KAFKA_SASL_USERNAME`      | required with a mechanism                                   |
 * | `KAFKA_SASL_PASSWORD`      | required with a mechanism (never echoed)                    |
 */
export function kafkaVariables(): {
  readonly [K in keyof KafkaConnectionConfig]-?: EnvVariable<KafkaConnectionConfig[K]>;
} {
  return {
    kafkaReplicationFactor: envVariable(
      'KAFKA_REPLICATION_FACTOR',
      '1',
      'a whole number from 1 to 32',
      (raw) =>
        /^\d{1,2}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 32 ? Number(raw) : undefined,
    ),
    kafkaSsl: envOneOf('KAFKA_SSL', ['true', 'false'], 'false'),
    kafkaSslCaFile: envOptional(
      envVariable('KAFKA_SSL_CA_FILE', '', 'the path of a PEM file', (raw) => raw),
    ),
    kafkaSaslMechanism: envOptional(envOneOf('KAFKA_SASL_MECHANISM', SASL_MECHANISMS, 'plain')),
    kafkaSaslUsername: envOptional(
      envVariable('KAFKA_SASL_USERNAME', '', 'a user name', (raw) => raw),
    ),
    kafkaSaslPassword: envOptional(envSecret('KAFKA_SASL_PASSWORD', 'a password')),
  };
}

/**
 * The kafkajs `ssl` and `sasl` options of the config, with the CA file read. Throws a
 * `ConfigError` naming the variables when SASL lacks its credentials or the CA file is unreadable
 * (never repeating a secret).
 */
export function kafkaSecurity(config: KafkaConnectionConfig): KafkaSecurity {
  const issues: string[] = [];
  let ssl: KafkaSecurity['ssl'];
  if (config.kafkaSslCaFile !== undefined) {
    if (config.kafkaSsl !== 'true')
      issues.push('KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true');
    try {
      ssl = { ca: [readFileSync(config.kafkaSslCaFile, 'utf8')] };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      issues.push(`KAFKA_SSL_CA_FILE must be a readable PEM file (${code})`);
    }
  } else if (config.kafkaSsl === 'true') ssl = true;
  let sasl: KafkaSecurity['sasl'];
  if (config.kafkaSaslMechanism !== undefined) {
    const { kafkaSaslUsername: username, kafkaSaslPassword: password } = config;
    if (username === undefined)
      issues.push('KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM');
    if (password === undefined)
      issues.push('KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM');
    if (username !== undefined && password !== undefined)
      sasl = { mechanism: config.kafkaSaslMechanism, username, password } as KafkaSecurity['sasl'];
  } else if (config.kafkaSaslUsername !== undefined || config.kafkaSaslPassword !== undefined) {
    issues.push('KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set but KAFKA_SASL_MECHANISM is not');
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { ...(ssl === undefined ? {} : { ssl }), ...(sasl === undefined ? {} : { sasl }) };
}
