// Replies of a test participant: each command paired with its `<Command>Reply` contract, and a
// reply record that is valid for that contract (every result field null unless a result sets it).
import type { RecordContract, TopicContract } from '@meridian/contracts';
import type { ReplyContract } from '../definition.js';
import { REPLY_HEADER_FIELDS, replyDraft as draftOf } from '../participant/command-reply.js';
import type { Action, ReplyResult } from './participant-behaviour.js';

interface AvroField {
  readonly name: string;
  readonly type: unknown;
}

function fieldsOf(contract: RecordContract<unknown>): readonly AvroField[] {
  const fields = contract.schema['fields'];
  if (!Array.isArray(fields)) throw new Error(`${contract.fullName} is not an Avro record`);
  return fields as AvroField[];
}

/** A command of the participant's topic and the reply that answers it. */
export interface CommandPairing {
  readonly command: RecordContract<unknown>;
  readonly reply: RecordContract<unknown>;
  /** Result fields of the reply: everything but the reply header. */
  readonly resultFields: readonly string[];
}

/** Pairs every record of a command topic with `<full name>Reply` on the replies topic. */
export function pairCommands(
  commands: TopicContract<unknown>,
  replies: TopicContract<unknown>,
): Map<string, CommandPairing> {
  const header = new Set<string>(REPLY_HEADER_FIELDS);
  const pairings = new Map<string, CommandPairing>();
  for (const command of commands.records) {
    const reply = replies.records.find((r) => r.fullName === `${command.fullName}Reply`);
    if (!reply) {
      throw new Error(
        `${command.fullName} on ${commands.name} has no ${command.fullName}Reply on ${replies.name}`,
      );
    }
    const names = fieldsOf(reply).map((f) => f.name);
    const missing = REPLY_HEADER_FIELDS.filter((name) => !names.includes(name));
    if (missing.length > 0)
      throw new Error(`${reply.fullName} lacks the reply fields ${missing.join(', ')}`);
    pairings.set(command.fullName, {
      command,
      reply,
      resultFields: names.filter((name) => !header.has(name)),
    });
  }
  return pairings;
}

/** A result may set only the reply's result fields; anything else is a mistake in the script. */
export function checkResult(pairing: CommandPairing, result: ReplyResult): void {
  const unknown = Object.keys(result).filter((key) => !pairing.resultFields.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `${pairing.reply.fullName} has no result field ${unknown.join(', ')} (result fields: ${pairing.resultFields.join(', ') || 'none'})`,
    );
  }
}

/** The reply record without its envelope (the messaging runtime fills that in). */
export function replyDraft(
  pairing: CommandPairing,
  command: { readonly sagaId: string; readonly stepName: string },
  commandMessageId: string,
  reply: NonNullable<Action['reply']>,
): Record<string, unknown> {
  if (reply.outcome === 'SUCCEEDED') checkResult(pairing, reply.result);
  return draftOf(
    pairing.reply as ReplyContract,
    { sagaId: command.sagaId, stepName: command.stepName, commandMessageId },
    reply,
  ) as Record<string, unknown>;
}

/**
 * A static result from JSON, with the values JSON cannot carry restored from the reply schema:
 * ISO strings (or epoch millis) to `Date` for timestamp-millis, inside unions, records, arrays
 * and maps too. Decimals, dates and enums are strings in JSON already.
 */
export function reviveResult(pairing: CommandPairing, result: ReplyResult): ReplyResult {
  checkResult(pairing, result);
  const types = new Map(fieldsOf(pairing.reply).map((f) => [f.name, f.type]));
  return Object.fromEntries(
    Object.entries(result).map(([name, value]) => [name, revive(types.get(name), value)]),
  );
}

function revive(type: unknown, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(type)) {
    // A union: the branch whose revival changes the value (a timestamp), else the value as is.
    for (const branch of type) {
      const revived = revive(branch, value);
      if (revived !== value) return revived;
    }
    return value;
  }
  if (typeof type !== 'object' || type === null) return value;
  const t = type as Record<string, unknown>;
  if (t['logicalType'] === 'timestamp-millis' && !(value instanceof Date)) {
    const date = new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new Error(`${JSON.stringify(value)} is not a time`);
    return date;
  }
  if (t['type'] === 'array' && Array.isArray(value)) return value.map((v) => revive(t['items'], v));
  if (t['type'] === 'map' && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, revive(t['values'], v)] as const),
    );
  }
  if (t['type'] === 'record' && typeof value === 'object' && Array.isArray(t['fields'])) {
    const fields = new Map((t['fields'] as AvroField[]).map((f) => [f.name, f.type]));
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, revive(fields.get(k), v)] as const),
    );
  }
  return value;
}
