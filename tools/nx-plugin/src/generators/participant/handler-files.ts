// The handler the participant generator writes in services/<service>/src/<command>/: a controller
// answering the command with answerCommand (@meridian/saga), its feature module, and the
// integration test on the shared harness (the service as its own process on the real stack, the
// command sent as the orchestrator sends it, the reply read off saga.replies.v1).
import { names } from '@nx/devkit';
import type { Participant } from './participant.ts';
import { keyIsUuid, SAGA_REPLIES, topicConst } from './participant.ts';

const folder = (p: Participant): string => `services/${p.service}/src/${p.fileName}`;

export const moduleClass = (p: Participant): string => `${p.command}Module`;
export const moduleImport = (p: Participant): string => `./${p.fileName}/${p.fileName}.module.js`;

/** The key's rejection code: `encounterId` -> `ENCOUNTER_ID_MISSING`. */
const missingCode = (p: Participant): string => `${names(p.key).constantName}_MISSING`;

/** The scaffold's one business rule: a string key must not be blank (a uuid cannot be). */
function keyCheck(p: Participant): string {
  if (keyIsUuid(p)) return '';
  return `
      if (command.${p.key}.trim() === '') {
        throw new CommandRejectedError('${missingCode(p)}', \`${p.command} of saga \${command.sagaId} has no ${p.key}\`, {
          details: { field: '${p.key}' },
        });
      }`;
}

function controller(p: Participant): string {
  const method = names(p.command).propertyName;
  const saga = keyIsUuid(p) ? 'answerCommand' : 'answerCommand, CommandRejectedError';
  return `import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ${p.command}, ${p.reply}, Topics } from '@meridian/contracts';
import { OnMessage } from '@meridian/messaging';
import type { MessageContext } from '@meridian/messaging';
import { ${saga} } from '@meridian/saga';

/** ${p.saga}: ${p.command} from ${p.topic}, answered with ${p.reply} on ${SAGA_REPLIES}. */
@Controller()
export class ${p.command}Controller {
  /**
   * The step's work runs once per saga, step and command (a resent command gets the kept answer),
   * in the message's transaction: the callback's \`manager\` writes the state, \`ctx.publish\` the
   * events. A business rejection is a CommandRejectedError (a FAILED reply carrying its code).
   */
  @OnMessage(Topics.${topicConst(p)}, ${p.command})
  async ${method}(@Payload() command: ${p.command}, @Ctx() ctx: MessageContext): Promise<void> {
    await answerCommand(ctx, command, ${p.reply}, async () => {${keyCheck(p)}
      return {};
    });
  }
}
`;
}

function featureModule(p: Participant): string {
  return `import { Module } from '@nestjs/common';
import { ${p.command}Controller } from './${p.fileName}.controller.js';

/** The participant side of ${p.saga}: ${p.command}. */
@Module({ controllers: [${p.command}Controller] })
export class ${moduleClass(p)} {}
`;
}

function rejectionTest(p: Participant): string {
  return `
  test('rejects a command without its ${p.key}: FAILED with ${missingCode(p)}, not retriable', async () => {
    const reply = await replyTo(await send(randomUUID(), ' '));
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, '${missingCode(p)}');
    assert.equal(reply.failure?.retriable, false);
  });
`;
}

function integrationSpec(p: Participant): string {
  const topic = `Topics.${topicConst(p)}`;
  return `import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ${p.command}, ${p.reply}, Topics } from '@meridian/contracts';
import type { Messaging, Published } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { ReplyTap, TappedReply } from '@meridian/saga/testing';
import { allRecords } from '@meridian/service-kit';
import { startTestSender } from '@meridian/service-kit/testing';
import { startServiceUnderTest, topicsConsumedBy${keyIsUuid(p) ? '' : ', uniqueName'} } from '@meridian/testing';
import type { ServiceUnderTest } from '@meridian/testing';

describe('${p.service} answers ${p.command} (${p.saga}) against the real stack', () => {
  let service: ServiceUnderTest;
  let sender: Messaging;
  let replies: ReplyTap;

  before(async () => {
    sender = await startTestSender({
      name: '${p.service}-${p.fileName}-it',
      produces: allRecords(${topic}),
      provision: [Topics.SagaRepliesV1],
    });
    service = await startServiceUnderTest('${p.service}', {
      // Every topic the service consumes (topics.json): its fresh group starts at their end.
      consumes: topicsConsumedBy('${p.service}'),
      owns: [sender],
    });
    const { kafkaBrokers, schemaRegistryUrl } = service.infra;
    replies = await tapReplies({ brokers: kafkaBrokers, schemaRegistryUrl });
    service.onStop(() => replies.stop());
  });
  after(async () => {
    await service?.stop();
  });

  /** Sends ${p.command} as the orchestrator does: keyed by the business key, correlated by the saga. */
  function send(sagaId: string, ${p.key}: string): Promise<Published> {
    return sender.publisher.publish(
      ${topic},
      ${p.command},
      { sagaId, sagaType: '${p.saga}', stepName: '${p.command}', ${p.key} },
      { key: ${p.key}, correlationId: sagaId },
    );
  }

  async function replyTo(sent: Published): Promise<TappedReply> {
    const [reply] = await replies.waitFor(
      (r) => r.source === '${p.service}' && r.commandMessageId === sent.messageId,
    );
    assert.ok(reply, \`no reply to \${sent.messageId}\`);
    return reply;
  }

  test('answers SUCCEEDED, keyed by the saga id; a resent command gets the kept answer', async () => {
    const sagaId = randomUUID();
    const ${p.key} = ${keyIsUuid(p) ? 'randomUUID()' : `uniqueName('${p.key}')`};
    const reply = await replyTo(await send(sagaId, ${p.key}));
    assert.equal(reply.recordName, ${p.reply}.fullName);
    assert.deepEqual(
      [reply.outcome, reply.sagaId, reply.stepName, reply.key],
      ['SUCCEEDED', sagaId, '${p.command}', sagaId],
    );

    // The orchestrator resends after a reply timeout: a new message id, the same saga step.
    const resent = await send(sagaId, ${p.key});
    const again = await replyTo(resent);
    assert.equal(again.outcome, 'SUCCEEDED');
    assert.equal(again.commandMessageId, resent.messageId);
    assert.notEqual(again.messageId, reply.messageId);
  });

${keyIsUuid(p) ? '' : rejectionTest(p)}});
`;
}

/** The files to create: path -> content. */
export function handlerFiles(p: Participant): ReadonlyMap<string, string> {
  const dir = folder(p);
  return new Map([
    [`${dir}/${p.fileName}.controller.ts`, controller(p)],
    [`${dir}/${p.fileName}.module.ts`, featureModule(p)],
    [`${dir}/${p.fileName}.int.spec.ts`, integrationSpec(p)],
  ]);
}
