import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { RecordContract, TopicContract } from '@meridian/contracts';
import { subjectFor } from '@meridian/contracts';
import avro from 'avsc';
import {
  InfrastructureUnavailableError,
  NonRetriableError,
  SchemaNotRegisteredError,
  UndecodableMessageError,
} from '../errors.js';
import { avroTypeOptions } from './logical-types.js';
import { registryFailure } from './registry-failure.js';
import { frame, unframe } from './wire-format.js';

export interface Decoded {
  readonly kind: 'decoded';
  readonly contract: RecordContract<unknown>;
  readonly value: unknown;
  readonly schemaId: number;
}

/** A well-formed record of a type none of the readers is for: its writer's full name. */
export interface Unhandled {
  readonly kind: 'unhandled';
  readonly recordName: string;
  readonly schemaId: number;
}

/**
 * Avro serialisation through a Confluent-compatible registry. Producers look their schema ids up
 * once, at start-up (an unregistered schema stops the service there, not at the first message).
 * Consumers decode with their own contract as the reader schema, so an older or newer writer
 * resolves by Avro's rules; writer schemas are cached by id, so a registry outage does not stop
 * decoding of schemas already seen.
 */
export class AvroSerde {
  private readonly registry: SchemaRegistry;
  private readonly producerIds = new Map<string, number>();
  private readonly types = new Map<string, avro.Type>();
  private readonly resolvers = new Map<string, avro.Resolver>();

  constructor(registryUrl: string) {
    this.registry = new SchemaRegistry(
      {
        host: registryUrl,
        retry: { retries: 2, initialRetryTimeInSecs: 0.1, maxRetryTimeInSecs: 1 },
      },
      { [SchemaType.AVRO]: avroTypeOptions() },
    );
  }

  /** Resolves and caches the registry id of every (topic, record) this process will produce. */
  async prepareProducer(
    topic: TopicContract<unknown>,
    contract: RecordContract<unknown>,
  ): Promise<number> {
    const subject = subjectFor(topic, contract);
    const known = this.producerIds.get(subject);
    if (known !== undefined) return known;
    const id = await this.registeredId(subject, contract);
    this.producerIds.set(subject, id);
    return id;
  }

  /**
   * Fetches, before their first message, the writer schemas a consumer of `topic` will meet: each
   * record as this build writes it (the schema registered under its subject), with its resolver
   * into the reader `readers` has for it. Otherwise the first message of each record type waits
   * for these registry round trips, and every step of a saga brings its consumer a record type of
   * its own. Best effort: a schema not registered or a registry not answering is looked up at the
   * record's first message, as without this. Resolves with the number of schemas made ready.
   */
  async prepareConsumer(
    topic: TopicContract<unknown>,
    readers: ReadonlyMap<string, RecordContract<unknown>>,
  ): Promise<number> {
    const ready = await Promise.all(
      topic.records.map(async (record) => {
        try {
          const id = await this.registeredId(subjectFor(topic, record), record);
          const writer = await this.writerOf(id);
          const reader = readers.get(record.fullName);
          if (reader) this.resolverOf(id, writer, reader);
          return true;
        } catch {
          return false;
        }
      }),
    );
    return ready.filter(Boolean).length;
  }

  /** The id `contract`'s schema has under `subject`; a failure says what the registry answered. */
  private async registeredId(subject: string, contract: RecordContract<unknown>): Promise<number> {
    try {
      return await this.registry.getRegistryIdBySchema(subject, {
        type: SchemaType.AVRO,
        schema: JSON.stringify(contract.schema),
      });
    } catch (error) {
      const failure = registryFailure(error);
      switch (failure.kind) {
        case 'unavailable':
          throw new InfrastructureUnavailableError(
            `schema registry unavailable while looking up ${subject} (${failure.detail})`,
            error,
          );
        case 'not-found':
          throw new SchemaNotRegisteredError(subject, error);
        case 'refused':
          throw new NonRetriableError(
            `schema registry refused looking up ${subject} (${failure.detail}): check SCHEMA_REGISTRY_URL and its credentials`,
            error,
          );
      }
    }
  }

  /** Encodes a value that must match its contract; an invalid value names the first bad field. */
  encode(topic: TopicContract<unknown>, contract: RecordContract<unknown>, value: unknown): Buffer {
    const subject = subjectFor(topic, contract);
    const id = this.producerIds.get(subject);
    if (id === undefined) {
      throw new NonRetriableError(
        `${subject} was not prepared: declare it among the produced records`,
      );
    }
    const type = this.typeOf(contract);
    const problems: string[] = [];
    if (!type.isValid(value, { errorHook: (path) => problems.push(path.join('.')) })) {
      throw new NonRetriableError(
        `${contract.fullName} is invalid at ${problems.slice(0, 3).join(', ') || '(root)'}`,
      );
    }
    return frame(id, type.toBuffer(value));
  }

  /**
   * Decodes with the reader contract whose full name matches the writer's record; a record no
   * reader is for is `unhandled` (only its writer schema is read, never its body).
   */
  async decode(
    buffer: Buffer | null,
    readers: ReadonlyMap<string, RecordContract<unknown>>,
  ): Promise<Decoded | Unhandled> {
    const framed = buffer ? unframe(buffer) : undefined;
    if (!framed)
      throw new UndecodableMessageError('value is not in the schema-registry wire format');
    const writer = await this.writerOf(framed.schemaId);
    const name = writer.name;
    if (!name)
      throw new UndecodableMessageError(`schema id ${framed.schemaId} is not a named record`);
    const contract = readers.get(name);
    if (!contract) return { kind: 'unhandled', recordName: name, schemaId: framed.schemaId };
    const resolver = this.resolverOf(framed.schemaId, writer, contract);
    try {
      return {
        kind: 'decoded',
        contract,
        value: this.typeOf(contract).fromBuffer(framed.body, resolver),
        schemaId: framed.schemaId,
      };
    } catch (error) {
      throw new UndecodableMessageError(
        `${name}: body does not match schema ${framed.schemaId}`,
        error,
      );
    }
  }

  /** The writer schema of a registry id (the registry client caches it once fetched). */
  private async writerOf(schemaId: number): Promise<avro.Type> {
    try {
      return (await this.registry.getSchema(schemaId)) as unknown as avro.Type;
    } catch (error) {
      const failure = registryFailure(error);
      if (failure.kind === 'unavailable') {
        throw new InfrastructureUnavailableError(
          `schema registry unavailable while fetching schema ${schemaId} (${failure.detail})`,
          error,
        );
      }
      throw new UndecodableMessageError(`schema id ${schemaId} is unknown to the registry`, error);
    }
  }

  /** Reads what `writer` (registry id `schemaId`) wrote as `contract`; cached per id and record. */
  private resolverOf(
    schemaId: number,
    writer: avro.Type,
    contract: RecordContract<unknown>,
  ): avro.Resolver {
    const key = `${schemaId}:${contract.fullName}`;
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      try {
        resolver = this.typeOf(contract).createResolver(writer);
      } catch (error) {
        throw new UndecodableMessageError(
          `${contract.fullName}: writer schema ${schemaId} cannot be read with this consumer's schema`,
          error,
        );
      }
      this.resolvers.set(key, resolver);
    }
    return resolver;
  }

  private typeOf(contract: RecordContract<unknown>): avro.Type {
    let type = this.types.get(contract.fullName);
    if (!type) {
      type = avro.Type.forSchema(contract.schema as avro.Schema, avroTypeOptions());
      this.types.set(contract.fullName, type);
    }
    return type;
  }
}
