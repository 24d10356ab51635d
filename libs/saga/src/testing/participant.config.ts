// The configuration of a participant process (`PARTICIPANT_CONFIG`, JSON): everything
// `startParticipant` takes, as data. Behaviours are the same shapes with static results.
import { ALL_TOPICS, Topics, type TopicContract } from '@meridian/contracts';
import { mapResults, parseBehaviour, type Behaviour } from './participant-behaviour.js';
import type { CommandFilter, ParticipantOptions } from './participant.js';
import { pairCommands, reviveResult } from './participant-reply.js';

/** PARTICIPANT_CONFIG as JSON. Timestamps in results are ISO strings; decimals are strings. */
export interface ParticipantConfig {
  readonly name: string;
  /** A command topic's name from the catalogue, e.g. workforce-sync.commands.v1. */
  readonly topic: string;
  readonly databaseUrl: string;
  /** Command full name -> behaviour (`result` static). */
  readonly behaviours: Readonly<Record<string, Behaviour>>;
  readonly otherwise?: Behaviour;
  readonly accept?: CommandFilter;
  readonly replyKey?: 'saga-id' | 'command-key';
  readonly provision?: boolean;
  /** The consumer group's session timeout (ms): how soon a killed process's partitions move on. */
  readonly sessionTimeoutMs?: number;
  /** Default: the test infrastructure's (KAFKA_BROKERS, SCHEMA_REGISTRY_URL or the local stack). */
  readonly brokers?: readonly string[];
  readonly schemaRegistryUrl?: string;
}

export type ParsedParticipantConfig = Omit<
  ParticipantOptions,
  'logger' | 'brokers' | 'schemaRegistryUrl'
> & { readonly brokers?: readonly string[]; readonly schemaRegistryUrl?: string };

/** Parses and checks PARTICIPANT_CONFIG; a problem fails naming the field. */
export function parseParticipantConfig(text: string): ParsedParticipantConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`PARTICIPANT_CONFIG is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error('PARTICIPANT_CONFIG must be a JSON object');
  const o = json as Record<string, unknown>;
  const str = (key: string): string => {
    const value = o[key];
    if (typeof value !== 'string' || value.length === 0)
      throw new Error(`PARTICIPANT_CONFIG.${key} must be a non-empty string`);
    return value;
  };
  const topic: TopicContract<unknown> | undefined = ALL_TOPICS.find((t) => t.name === o['topic']);
  if (!topic) {
    throw new Error(
      `PARTICIPANT_CONFIG.topic must be a catalogue topic, got ${JSON.stringify(o['topic'])}`,
    );
  }
  const pairings = pairCommands(topic, Topics.SagaRepliesV1);
  const behavioursJson = o['behaviours'] ?? {};
  if (
    typeof behavioursJson !== 'object' ||
    behavioursJson === null ||
    Array.isArray(behavioursJson)
  )
    throw new Error('PARTICIPANT_CONFIG.behaviours must be an object keyed by command full name');
  const behaviours: Record<string, Behaviour> = {};
  for (const [command, value] of Object.entries(behavioursJson)) {
    const pairing = pairings.get(command);
    if (!pairing) throw new Error(`PARTICIPANT_CONFIG.behaviours: ${topic.name} has no ${command}`);
    const parsed = parseBehaviour(value, `PARTICIPANT_CONFIG.behaviours["${command}"]`);
    behaviours[command] = mapResults(parsed, (result) => reviveResult(pairing, result));
  }
  const accept = o['accept'];
  if (accept !== undefined) checkFilter(accept);
  const replyKey = o['replyKey'];
  if (replyKey !== undefined && replyKey !== 'saga-id' && replyKey !== 'command-key')
    throw new Error(`PARTICIPANT_CONFIG.replyKey must be saga-id or command-key`);
  const provision = o['provision'];
  if (provision !== undefined && typeof provision !== 'boolean')
    throw new Error('PARTICIPANT_CONFIG.provision must be a boolean');
  const brokers = o['brokers'];
  if (
    brokers !== undefined &&
    (!Array.isArray(brokers) || brokers.length === 0 || brokers.some((b) => typeof b !== 'string'))
  )
    throw new Error('PARTICIPANT_CONFIG.brokers must be a non-empty array of host:port strings');
  const sessionTimeoutMs = o['sessionTimeoutMs'];
  if (
    sessionTimeoutMs !== undefined &&
    (typeof sessionTimeoutMs !== 'number' ||
      !Number.isInteger(sessionTimeoutMs) ||
      sessionTimeoutMs <= 0)
  )
    throw new Error('PARTICIPANT_CONFIG.sessionTimeoutMs must be a positive integer (ms)');
  const otherwise = o['otherwise'];
  return {
    name: str('name'),
    topic,
    databaseUrl: str('databaseUrl'),
    behaviours,
    ...(otherwise === undefined
      ? {}
      : { otherwise: parseBehaviour(otherwise, 'PARTICIPANT_CONFIG.otherwise') }),
    ...(accept === undefined ? {} : { accept: accept as CommandFilter }),
    ...(replyKey === undefined ? {} : { replyKey }),
    ...(provision === undefined ? {} : { provision }),
    ...(sessionTimeoutMs === undefined ? {} : { consumerOptions: { sessionTimeoutMs } }),
    ...(brokers === undefined ? {} : { brokers: brokers as string[] }),
    ...(o['schemaRegistryUrl'] === undefined
      ? {}
      : { schemaRegistryUrl: str('schemaRegistryUrl') }),
  };
}

function checkFilter(accept: unknown): void {
  if (typeof accept !== 'object' || accept === null || Array.isArray(accept))
    throw new Error('PARTICIPANT_CONFIG.accept must be an object');
  for (const [key, value] of Object.entries(accept)) {
    if (key === 'keyPrefix') {
      if (typeof value !== 'string')
        throw new Error('PARTICIPANT_CONFIG.accept.keyPrefix must be a string');
    } else if (key === 'sources' || key === 'sagaIds' || key === 'sagaTypes') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
        throw new Error(`PARTICIPANT_CONFIG.accept.${key} must be an array of strings`);
    } else {
      throw new Error(
        `PARTICIPANT_CONFIG.accept.${key} is unknown (sources, sagaIds, sagaTypes, keyPrefix)`,
      );
    }
  }
}
