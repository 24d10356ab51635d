/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro binary body. */
const MAGIC = 0;
const HEADER_LENGTH = 5;

export function frame(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(MAGIC, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}

/** The schema id and Avro body of a framed message, or undefined when it is not in that format. */
export function unframe(buffer: Buffer): { schemaId: number; body: Buffer } | undefined {
  if (buffer.length < HEADER_LENGTH || buffer.readUInt8(0) !== MAGIC) return undefined;
  return { schemaId: buffer.readInt32BE(1), body: buffer.subarray(HEADER_LENGTH) };
}
