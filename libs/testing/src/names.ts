import { randomBytes } from 'node:crypto';

/** A fresh name per test run, usable as a Kafka topic, consumer group or PostgreSQL identifier. */
export function uniqueName(prefix: string): string {
  const clean = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return `${clean}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
