import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeNode, schemaGraph, SchemaGraphError, type AvroJson } from './schema-graph.js';

const LINKED: AvroJson = {
  type: 'record',
  name: 'Node',
  namespace: 'health.meridian.test',
  aliases: ['OldNode'],
  fields: [
    { name: 'value', type: 'long' },
    { name: 'next', type: ['null', 'Node'], default: null },
  ],
};

describe('Avro schema graph', () => {
  test('resolves names in the namespace in scope; a recursive reference is the same node', () => {
    const root = schemaGraph(LINKED);
    assert.equal(root.kind, 'record');
    if (root.kind !== 'record') return;
    assert.equal(root.fullName, 'health.meridian.test.Node');
    assert.deepEqual(root.aliases, ['health.meridian.test.OldNode']);
    const next = root.fields[1]?.type;
    assert.equal(next?.kind, 'union');
    if (next?.kind !== 'union') return;
    assert.equal(next.branches[1], root);
    assert.equal(root.fields[1]?.hasDefault, true);
    assert.equal(describeNode(next), 'union [null, record health.meridian.test.Node]');
  });

  test('keeps logical types, decimal scales and tags on types and fields', () => {
    const root = schemaGraph({
      type: 'record',
      name: 'Patient',
      fields: [
        { name: 'mrn', type: 'string', 'confluent:tags': ['PHI'] },
        { name: 'born', type: { type: 'int', logicalType: 'date', 'confluent:tags': ['PHI'] } },
        { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } },
      ],
    });
    assert.equal(root.kind, 'record');
    if (root.kind !== 'record') return;
    const [mrn, born, price] = root.fields;
    assert.deepEqual(mrn?.tags, ['PHI']);
    assert.deepEqual(born?.type, { kind: 'int', logicalType: 'date', tags: ['PHI'] });
    assert.deepEqual(price?.type, { kind: 'bytes', logicalType: 'decimal', scale: 2 });
  });

  test('refuses a reference to a type it has not seen and JSON that is no schema', () => {
    assert.throws(() => schemaGraph(['null', 'Missing']), SchemaGraphError);
    assert.throws(() => schemaGraph(42), /not a schema/);
  });
});
