// The participant generator's pure part: the options checked and completed, the command and reply
// records as the saga conventions write them (schemas/README.md, docs/architecture.md: Sagas) and
// the commands topic entry.
import { topicConstName } from '@meridian/contracts';
import type { AvroField, AvroRecord } from '../../shared/avro-records.ts';
import { fullName, messageRecord, NAMESPACE, UUID, words } from '../../shared/avro-records.ts';
import { CAMEL_CASE, checkOption, KEBAB_CASE, PASCAL_CASE } from '../../shared/options.ts';
import type { NewTopic } from '../../shared/topics-json.ts';

export interface ParticipantOptions {
  readonly service: string;
  readonly saga: string;
  readonly command: string;
  readonly key?: string;
}

export interface Participant {
  readonly service: string;
  /** The service's scope: the records' domain. */
  readonly domain: string;
  readonly saga: string;
  readonly command: string;
  readonly reply: string;
  /** The saga's business key field, the commands topic's key. */
  readonly key: string;
  /** Its Avro type: the one the saga's other commands give it, else `string`. */
  readonly keyType: unknown;
  /** `<service>.commands.v1` */
  readonly topic: string;
  /** `dispense-medication`: the feature folder and file names. */
  readonly fileName: string;
}

export const SAGA_REPLIES = 'saga.replies.v1';
export const ORCHESTRATOR = 'saga-orchestrator';

/** The fields of a saga command before its own (the engine fills them). */
const SAGA_HEADER = new Set([
  'envelope',
  'sagaId',
  'sagaType',
  'stepName',
  'compensatedCommandMessageId',
]);

interface SchemaFile {
  readonly doc?: unknown;
  readonly fields?: readonly { readonly name: string; readonly type?: unknown }[];
}

/** The own fields of the saga's commands in schemas/ (doc `<saga> step ...`): how many carry each, and its type. */
function sagaFields(
  saga: string,
  schemas: readonly SchemaFile[],
): Map<string, { count: number; type: unknown }> {
  const fields = new Map<string, { count: number; type: unknown }>();
  for (const schema of schemas) {
    const own = schema.fields ?? [];
    if (typeof schema.doc !== 'string' || !schema.doc.startsWith(`${saga} step`)) continue;
    if (!own.some((f) => f.name === 'sagaType')) continue;
    for (const field of own.filter((f) => !SAGA_HEADER.has(f.name))) {
      const seen = fields.get(field.name);
      fields.set(field.name, { count: (seen?.count ?? 0) + 1, type: seen?.type ?? field.type });
    }
  }
  return fields;
}

/**
 * The business key of `saga` as its commands in schemas/ carry it: the own field most of them
 * share (the first one on a tie).
 */
export function sagaKey(saga: string, schemas: readonly SchemaFile[]): string | undefined {
  let best: [string, number] | undefined;
  for (const [name, { count }] of sagaFields(saga, schemas))
    if (count > (best?.[1] ?? 0)) best = [name, count];
  return best?.[0];
}

/** The key field's Avro type as the saga's commands have it (a uuid, ...), else a string. */
function keyType(saga: string, key: string, schemas: readonly SchemaFile[]): unknown {
  const type = sagaFields(saga, schemas).get(key)?.type ?? 'string';
  if (type === 'string' || isUuid(type)) return type;
  throw new Error(
    `--key=${key}: the commands of ${saga} give it the type ${JSON.stringify(type)}; a business key is a string or uuid`,
  );
}

const isUuid = (type: unknown): boolean =>
  typeof type === 'object' &&
  type !== null &&
  (type as { type?: unknown }).type === 'string' &&
  (type as { logicalType?: unknown }).logicalType === 'uuid';

/** `DispenseMedication` -> `dispense-medication`. */
const kebab = (name: string): string => words(name).replace(/ /g, '-');

/**
 * The options checked (each bad one named) and completed: `domain` is the service's scope tag
 * (undefined: no such service), `schemas` every record of schemas/ (for the saga's key).
 */
export function resolveParticipant(
  options: ParticipantOptions,
  domain: string | undefined,
  schemas: readonly SchemaFile[],
): Participant {
  const service = checkOption(
    'service',
    options.service,
    KEBAB_CASE,
    'a service folder name (kebab-case)',
  );
  if (domain === undefined) {
    throw new Error(
      `--service=${service}: services/${service}/project.json with a scope: tag does not exist`,
    );
  }
  const saga = checkOption(
    'saga',
    options.saga,
    KEBAB_CASE,
    'a saga definition name (kebab-case), e.g. discharge-to-revenue',
  );
  const command = checkOption(
    'command',
    options.command,
    PASCAL_CASE,
    'PascalCase, an imperative, e.g. DispenseMedication',
  );
  if (command.endsWith('Reply')) {
    throw new Error(
      `--command=${command} is invalid: a command's name does not end in Reply (its reply does)`,
    );
  }
  if (options.key !== undefined) {
    checkOption('key', options.key, CAMEL_CASE, 'a field name (camelCase), e.g. encounterId');
  }
  const key = options.key ?? sagaKey(saga, schemas);
  if (!key) {
    throw new Error(
      `--key is required: no command in schemas/ is a step of ${saga} to take its business key from`,
    );
  }
  return {
    service,
    domain,
    saga,
    command,
    reply: `${command}Reply`,
    key,
    keyType: keyType(saga, key, schemas),
    topic: `${service}.commands.v1`,
    fileName: kebab(command),
  };
}

const SAGA_ID: AvroField = { name: 'sagaId', type: UUID, doc: '' };

export function commandRecord(p: Participant): AvroRecord {
  return messageRecord(
    p.domain,
    p.command,
    `${p.saga} step: ${words(p.command)}; answered with ${p.reply} on ${SAGA_REPLIES}.`,
    [
      {
        ...SAGA_ID,
        doc: 'Saga instance this command belongs to (also the envelope correlationId).',
      },
      {
        name: 'sagaType',
        type: 'string',
        doc: 'Saga definition name, e.g. discharge-to-revenue or implant-to-invoice.',
      },
      {
        name: 'stepName',
        type: 'string',
        doc: 'Step of the saga definition that sent this command, e.g. FinalizeCharges; the reply echoes it.',
      },
      { name: p.key, type: p.keyType, doc: `Business key of ${p.saga}; the key of ${p.topic}.` },
    ],
  );
}

export function replyRecord(p: Participant): AvroRecord {
  return messageRecord(p.domain, p.reply, `Answer to ${p.command}.`, [
    {
      ...SAGA_ID,
      doc: 'Saga instance the answered command belongs to (also the envelope correlationId).',
    },
    { name: 'stepName', type: 'string', doc: 'Step name echoed from the command.' },
    {
      name: 'commandMessageId',
      type: UUID,
      doc: `envelope.messageId of the ${p.command} command this reply answers; the orchestrator ignores replies to a command it no longer waits for.`,
    },
    {
      name: 'outcome',
      type: `${NAMESPACE}.common.ReplyOutcome`,
      doc: 'Whether the command succeeded; the result fields below are set only on SUCCEEDED.',
    },
    {
      name: 'failure',
      type: ['null', `${NAMESPACE}.common.Failure`],
      doc: 'Why the command failed: set when outcome is FAILED, null otherwise.',
      default: null,
    },
  ]);
}

export function commandsTopic(p: Participant): NewTopic {
  return {
    name: p.topic,
    partitions: 6,
    key: `The saga business key: ${p.key} (${p.saga}), so the commands about one ${words(p.key)}, compensations of an earlier saga instance included, are handled in order.`,
    doc: `Saga commands to ${p.service} from ${ORCHESTRATOR}; each is answered on ${SAGA_REPLIES}.`,
    producers: [ORCHESTRATOR],
    consumers: [p.service],
    records: [fullName(p.domain, p.command)],
  };
}

export const topicConst = (p: Participant): string => topicConstName(p.topic);

/** Whether the key is a uuid (logicalType), so a test sends a uuid and cannot send a blank. */
export const keyIsUuid = (p: Participant): boolean => isUuid(p.keyType);
