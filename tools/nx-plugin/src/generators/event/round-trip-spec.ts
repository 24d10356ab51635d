// The round-trip test the event generator writes: a sample of the event, typed with its generated
// contract, encoded with the contract's schema and the messaging runtime's logical types and
// decoded unchanged. It lives beside those logical types (libs/messaging), which every service
// encodes and decodes with.
import { topicConstName } from '@meridian/contracts';
import { fullName } from '../../shared/avro-records.ts';
import type { Event } from './event.ts';

export const roundTripSpecPath = (event: Event): string =>
  `libs/messaging/src/serde/round-trip/${event.name}.spec.ts`;

export function roundTripSpec(event: Event): string {
  const { name, topic, producer, key, domain } = event;
  const topicConst = topicConstName(topic);
  return `// Round trip of ${name} (schemas/${domain}/${name}.avsc), written by the @meridian/nx-plugin:event
// generator: keep the sample in step with the schema (the type-check says when a field is missing).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ${name}, Topics } from '@meridian/contracts';
import avro from 'avsc';
import { avroTypeOptions } from '../logical-types.js';

const sample: ${name} = {
  envelope: {
    messageId: '0b6f3c1e-5d2a-4c8e-9f41-7a2d6e8b1c35',
    occurredAt: new Date('2026-03-14T09:26:53.589Z'),
    correlationId: '${key}-0001',
    causationId: null,
    source: '${producer}',
  },
  ${key}: '${key}-0001',
};

describe('${name}', () => {
  test('is a message of ${topic}', () => {
    assert.equal(${name}.fullName, '${fullName(domain, name)}');
    assert.ok(Topics.${topicConst}.records.some((record) => record.fullName === ${name}.fullName));
  });

  test('a sample encodes with its contract and decodes unchanged', () => {
    const type = avro.Type.forSchema(${name}.schema as avro.Schema, avroTypeOptions());
    const errors: string[] = [];
    assert.ok(
      type.isValid(sample, { errorHook: (path) => errors.push(path.join('.')) }),
      \`invalid at \${errors.join(', ')}\`,
    );
    assert.deepEqual(structuredClone(type.fromBuffer(type.toBuffer(sample))), sample);
  });
});
`;
}
