// A scripted saga participant for the engine's tests: a real Kafka consumer of one command topic
// that answers on the replies topic through its own outbox, as the real services will.
import { Topics, type TopicContract } from '@meridian/contracts';
import {
  createMessaging,
  MESSAGING_ENTITIES,
  MessagingTables1795300000000,
  NonRetriableError,
  type ConsumerOptions,
  type MessageContext,
  type Messaging,
  type RetryPolicy,
} from '@meridian/messaging';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  earlierCommands,
  insertCommandLog,
  ParticipantCommandLog1795400000000,
  queryCommandLog,
  type CommandLogRow,
} from './command-log.js';
import {
  countsEarlier,
  resolveBehaviour,
  staticResults,
  type Action,
  type Behaviour,
  type SagaCommand,
} from './participant-behaviour.js';
import { checkResult, pairCommands, replyDraft, type CommandPairing } from './participant-reply.js';

/** Which commands a participant answers; every condition given must hold. */
export interface CommandFilter {
  /** `envelope.source` of the command: the sending orchestrator's service name. */
  readonly sources?: readonly string[];
  readonly sagaIds?: readonly string[];
  readonly sagaTypes?: readonly string[];
  /** Prefix of the command's Kafka key (the saga business key, e.g. a test's encounter ids). */
  readonly keyPrefix?: string;
}

export type Behaviours = ReadonlyMap<string, Behaviour> | Readonly<Record<string, Behaviour>>;

export interface ParticipantOptions {
  /** Service name (the replies' envelope `source`) and consumer group. Unique per test. */
  readonly name: string;
  readonly brokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** The participant's own database: its outbox, processed messages and command log. */
  readonly databaseUrl: string;
  readonly logger: Logger;
  /** The command topic it consumes, e.g. Topics.WorkforceSyncCommandsV1. */
  readonly topic: TopicContract<unknown>;
  /** Command full name -> behaviour. */
  readonly behaviours: Behaviours;
  /** For commands of the topic without a behaviour; default `{ kind: 'succeed' }`. */
  readonly otherwise?: Behaviour;
  /**
   * Commands outside the filter are consumed and skipped: no reply, no log row. Command topics
   * are shared and a new consumer group reads them from the beginning, so a participant in a
   * test that runs beside others should accept only its own commands.
   */
  readonly accept?: CommandFilter | ((command: SagaCommand, key: string | null) => boolean);
  /** Default Topics.SagaRepliesV1. */
  readonly repliesTopic?: TopicContract<unknown>;
  /**
   * The replies' Kafka key: `saga-id` (default), as schemas/topics.json declares for
   * saga.replies.v1, or `command-key`, the key the command came with.
   */
  readonly replyKey?: 'saga-id' | 'command-key';
  /** The runtime's retry policy for handler errors (not for scripted failures, which are replies). */
  readonly retry?: RetryPolicy;
  /** The consumer group's other options (session timeout, fetch wait); messaging's defaults. */
  readonly consumerOptions?: Omit<ConsumerOptions, 'retry'>;
  /** Create the command and replies topics and the group's retry and DLQ topics; default true. */
  readonly provision?: boolean;
}

export interface Participant {
  readonly name: string;
  /** Every command handled by this participant's database, oldest first (earlier runs included). */
  commandLog(): Promise<CommandLogRow[]>;
  /** Finishes the command in flight, stops consuming and relaying, closes the database. */
  stop(): Promise<void>;
}

/** Starts consuming; resolves once the consumer joined its group and the outbox relay runs. */
export async function startParticipant(options: ParticipantOptions): Promise<Participant> {
  const { name } = options;
  const logger = options.logger.child({ participant: name });
  const repliesTopic = options.repliesTopic ?? Topics.SagaRepliesV1;
  const pairings = pairCommands(options.topic, repliesTopic);
  const behaviours = scriptFor(options, pairings);
  const accepts = acceptance(options.accept);

  const dataSource = new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    entities: MESSAGING_ENTITIES,
    migrations: [MessagingTables1795300000000, ParticipantCommandLog1795400000000],
    extra: { max: 10 },
  });
  await dataSource.initialize();
  let messaging: Messaging | undefined;
  try {
    await dataSource.runMigrations();
    messaging = await createMessaging({
      serviceName: name,
      brokers: options.brokers,
      schemaRegistryUrl: options.schemaRegistryUrl,
      logger,
      dataSource,
      produces: [{ topic: repliesTopic, records: [...pairings.values()].map((p) => p.reply) }],
    });
    const consumer = messaging.consumer(name, {
      ...options.consumerOptions,
      ...(options.retry ? { retry: options.retry } : {}),
    });
    for (const pairing of pairings.values()) {
      const behaviour = behaviours.get(pairing.command.fullName) ?? { kind: 'succeed' };
      consumer.on(options.topic, pairing.command, async (value, ctx) => {
        const command = value as SagaCommand;
        if (!accepts(command, ctx.key)) {
          logger.debug({ messageId: ctx.envelope.messageId }, 'command outside the filter skipped');
          return;
        }
        await handle(
          { name, logger, repliesTopic, replyKey: options.replyKey ?? 'saga-id' },
          {
            pairing,
            behaviour,
            command,
            ctx,
          },
        );
      });
    }
    if (options.provision ?? true) await messaging.provision([options.topic, repliesTopic]);
    messaging.relay.start();
    await consumer.start();
  } catch (error) {
    await messaging?.stop();
    await dataSource.destroy();
    throw error;
  }
  logger.info({ topic: options.topic.name }, 'participant consuming');

  const running = messaging;
  let stopping: Promise<void> | undefined;
  return {
    name,
    commandLog: () => queryCommandLog(dataSource),
    stop: () =>
      (stopping ??= (async () => {
        await running.stop();
        await dataSource.destroy();
        logger.info('participant stopped');
      })()),
  };
}

interface HandlerSetup {
  readonly name: string;
  readonly logger: Logger;
  readonly repliesTopic: TopicContract<unknown>;
  readonly replyKey: 'saga-id' | 'command-key';
}

/** One command: decide, wait, reply through the outbox and log it, all in the handler's transaction. */
async function handle(
  setup: HandlerSetup,
  work: {
    pairing: CommandPairing;
    behaviour: Behaviour;
    command: SagaCommand;
    ctx: MessageContext;
  },
): Promise<void> {
  const { pairing, behaviour, command, ctx } = work;
  const commandName = pairing.command.fullName;
  const messageId = ctx.envelope.messageId;
  const scripted = <T>(what: () => T): T => {
    try {
      return what();
    } catch (error) {
      // A script that cannot produce a valid reply will not produce one on a retry either.
      const problem = error instanceof Error ? error.message : String(error);
      setup.logger.error({ err: error, messageId, command: commandName }, 'script failed');
      throw new NonRetriableError(`participant ${setup.name}: ${problem}`, error);
    }
  };
  setup.logger.info(
    { command: commandName, sagaId: command.sagaId, stepName: command.stepName, messageId },
    'command received',
  );
  // Counted only for a script that depends on it: a statement less per command otherwise.
  const earlier = countsEarlier(behaviour)
    ? await earlierCommands(ctx.manager, {
        name: commandName,
        sagaId: command.sagaId,
        stepName: command.stepName,
      })
    : undefined;
  const action: Action = scripted(() => resolveBehaviour(behaviour, command, earlier ?? 0));
  if (action.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, action.delayMs));
  let replyMessageId: string | null = null;
  if (action.reply) {
    const reply = action.reply;
    const draft = scripted(() => replyDraft(pairing, command, messageId, reply));
    const key = setup.replyKey === 'command-key' ? (ctx.key ?? command.sagaId) : command.sagaId;
    try {
      replyMessageId = await ctx.publish(setup.repliesTopic, pairing.reply, draft, {
        key,
        correlationId: command.sagaId,
      });
    } catch (error) {
      setup.logger.error(
        { err: error, messageId, reply: pairing.reply.fullName },
        'reply rejected by its contract',
      );
      throw error;
    }
  }
  await insertCommandLog(ctx.manager, {
    participant: setup.name,
    name: commandName,
    sagaId: command.sagaId,
    sagaType: command.sagaType,
    stepName: command.stepName,
    messageId,
    key: ctx.key,
    attempt: ctx.attempt,
    outcome: action.reply?.outcome ?? null,
    failureCode: action.reply?.outcome === 'FAILED' ? action.reply.failure.code : null,
    replyMessageId,
  });
  setup.logger.info(
    {
      command: commandName,
      sagaId: command.sagaId,
      stepName: command.stepName,
      messageId,
      outcome: action.reply?.outcome ?? 'SILENT',
      ...(earlier === undefined ? {} : { earlier }),
    },
    'command handled',
  );
}

/** Behaviours by command full name, checked against the topic before anything starts. */
function scriptFor(
  options: ParticipantOptions,
  pairings: ReadonlyMap<string, CommandPairing>,
): Map<string, Behaviour> {
  const given: [string, Behaviour][] =
    options.behaviours instanceof Map
      ? [...(options.behaviours as ReadonlyMap<string, Behaviour>)]
      : Object.entries(options.behaviours as Readonly<Record<string, Behaviour>>);
  const script = new Map<string, Behaviour>();
  for (const [commandName, behaviour] of given) {
    const pairing = pairings.get(commandName);
    if (!pairing) {
      throw new Error(
        `${options.topic.name} carries no command ${commandName} (it carries ${[...pairings.keys()].join(', ')})`,
      );
    }
    for (const result of staticResults(behaviour)) checkResult(pairing, result);
    script.set(commandName, behaviour);
  }
  for (const [commandName, pairing] of pairings) {
    if (script.has(commandName)) continue;
    const otherwise = options.otherwise ?? { kind: 'succeed' };
    for (const result of staticResults(otherwise)) checkResult(pairing, result);
    script.set(commandName, otherwise);
  }
  return script;
}

function acceptance(
  accept: ParticipantOptions['accept'],
): (command: SagaCommand, key: string | null) => boolean {
  if (accept === undefined) return () => true;
  if (typeof accept === 'function') return accept;
  return (command, key) =>
    (!accept.sources || accept.sources.includes(command.envelope.source)) &&
    (!accept.sagaIds || accept.sagaIds.includes(command.sagaId)) &&
    (!accept.sagaTypes || accept.sagaTypes.includes(command.sagaType)) &&
    (accept.keyPrefix === undefined || (key ?? '').startsWith(accept.keyPrefix));
}
