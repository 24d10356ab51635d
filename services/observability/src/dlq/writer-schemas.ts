import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';
import { payloadView, schemaName } from './payload-view.js';

/** Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro body. */
const HEADER_LENGTH = 5;
const REGISTRY_TIMEOUT_MS = 5_000;

export interface PayloadDecoding {
  readonly payload: unknown;
  readonly payloadError: string | null;
  readonly recordName: string | null;
}

/**
 * Writer schemas by registry id, fetched as JSON (`GET /schemas/ids/<id>`) and cached; an id the
 * registry does not answer for is asked again next time.
 */
@Injectable()
export class WriterSchemas {
  private readonly schemas = new Map<number, Promise<unknown>>();

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  /**
   * The payload of a dead letter as JSON (PHI: for a phi-reader only); bytes that are not in the
   * wire format, an unknown schema id or a body that does not match give a null payload and the
   * reason (never an exception).
   */
  async decode(value: Buffer | null): Promise<PayloadDecoding> {
    if (!value || value.length < HEADER_LENGTH || value.readUInt8(0) !== 0)
      return failed('value is not in the schema-registry wire format', null);
    const schemaId = value.readInt32BE(1);
    let schema: unknown;
    try {
      schema = await this.schema(schemaId);
    } catch (error) {
      return failed(`writer schema ${schemaId}: ${(error as Error).message}`, null);
    }
    const recordName = schemaName(schema);
    try {
      return {
        payload: payloadView(schema, value.subarray(HEADER_LENGTH)),
        payloadError: null,
        recordName,
      };
    } catch {
      return failed(`body does not match writer schema ${schemaId}`, recordName);
    }
  }

  private schema(id: number): Promise<unknown> {
    let schema = this.schemas.get(id);
    if (!schema) {
      schema = this.fetch(id);
      schema.catch(() => this.schemas.delete(id));
      this.schemas.set(id, schema);
    }
    return schema;
  }

  private async fetch(id: number): Promise<unknown> {
    const response = await fetch(`${this.config.schemaRegistryUrl}/schemas/ids/${id}`, {
      signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`the registry answered ${response.status}`);
    const body = (await response.json()) as { schema?: unknown };
    if (typeof body.schema !== 'string') throw new Error('the registry answered no schema');
    return JSON.parse(body.schema) as unknown;
  }
}

function failed(payloadError: string, recordName: string | null): PayloadDecoding {
  return { payload: null, payloadError, recordName };
}
