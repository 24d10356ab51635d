// An Avro schema read for the compatibility checks: validated by avsc, then the graph of
// @meridian/contracts (`schemaGraph`), every problem a SchemaParseError.
import { schemaGraph, type AvroJson, type Node } from '@meridian/contracts';
import avro from 'avsc';

export class SchemaParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaParseError';
  }
}

/** Parses a schema (validated by avsc first) into a graph where each named type is one node. */
export function parseSchema(schema: AvroJson): Node {
  try {
    avro.Type.forSchema(schema as avro.Schema);
    return schemaGraph(schema);
  } catch (error) {
    throw new SchemaParseError(`invalid Avro schema: ${(error as Error).message}`);
  }
}
