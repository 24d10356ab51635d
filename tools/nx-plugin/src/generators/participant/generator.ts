// `nx g @meridian/nx-plugin:participant --service=<service> --saga=<saga> --command=<Command> [--key=<field>]`:
// the command and its <Command>Reply in schemas/<domain>/, the command on <service>.commands.v1
// (created when missing: saga-orchestrator produces, the service consumes) and the reply on
// saga.replies.v1 (the service among its producers), a handler on answerCommand registered in the
// service's AppModule (which answers the commands topic) with its integration test, then the
// contracts, AsyncAPI documents and Helm chart files regenerated. The same options again change
// nothing; a file that exists with other content is refused, naming it.
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { formatFiles, logger } from '@nx/devkit';
import { fullName, schemaPath } from '../../shared/avro-records.ts';
import { editAppModule } from '../../shared/app-module.ts';
import { createFile } from '../../shared/files.ts';
import { regenerate } from '../../shared/regenerate.ts';
import { serviceDomain } from '../../shared/services.ts';
import {
  addConsumer,
  addProducer,
  addRecord,
  addTopic,
  readTopics,
  TOPICS_JSON,
} from '../../shared/topics-json.ts';
import { handlerFiles, moduleClass, moduleImport } from './handler-files.ts';
import type { Participant, ParticipantOptions } from './participant.ts';
import {
  commandRecord,
  commandsTopic,
  ORCHESTRATOR,
  replyRecord,
  resolveParticipant,
  SAGA_REPLIES,
  topicConst,
} from './participant.ts';

/** Every .avsc of schemas/<domain>/, parsed. */
function schemaFiles(tree: Tree): unknown[] {
  return tree
    .children('schemas')
    .filter((domain) => tree.isFile(`schemas/${domain}`) === false)
    .flatMap((domain) =>
      tree
        .children(`schemas/${domain}`)
        .filter((file) => file.endsWith('.avsc'))
        .map(
          (file) => JSON.parse(tree.read(`schemas/${domain}/${file}`, 'utf-8') ?? '{}') as unknown,
        ),
    );
}

/** Where a new commands topic goes: after the other commands topics, else at the end. */
const isCommandsTopic = (name: string): boolean => /\.commands\.v[0-9]+$/.test(name);

function editCatalogue(tree: Tree, p: Participant): boolean[] {
  const command = fullName(p.domain, p.command);
  const reply = fullName(p.domain, p.reply);
  const elsewhere = readTopics(tree).find(
    (t) => t.name !== p.topic && (t.records ?? []).includes(command),
  );
  if (elsewhere)
    throw new Error(`${TOPICS_JSON}: ${command} is already a message of ${elsewhere.name}`);
  return [
    addTopic(tree, commandsTopic(p), isCommandsTopic),
    addRecord(tree, p.topic, command),
    addProducer(tree, p.topic, ORCHESTRATOR),
    addConsumer(tree, p.topic, p.service),
    addRecord(tree, SAGA_REPLIES, reply),
    addProducer(tree, SAGA_REPLIES, p.service),
  ];
}

export default async function participantGenerator(
  tree: Tree,
  options: ParticipantOptions,
): Promise<GeneratorCallback | undefined> {
  const p = resolveParticipant(
    options,
    typeof options.service === 'string' ? serviceDomain(tree, options.service) : undefined,
    schemaFiles(tree) as Parameters<typeof resolveParticipant>[2],
  );
  const changed = [
    await createFile(
      tree,
      schemaPath(p.domain, p.command),
      JSON.stringify(commandRecord(p), null, 2),
    ),
    await createFile(tree, schemaPath(p.domain, p.reply), JSON.stringify(replyRecord(p), null, 2)),
    ...editCatalogue(tree, p),
    editAppModule(tree, p.service, {
      answers: topicConst(p),
      feature: { name: moduleClass(p), from: moduleImport(p) },
    }),
  ];
  for (const [path, content] of handlerFiles(p))
    changed.push(await createFile(tree, path, content));

  if (!changed.some(Boolean)) {
    logger.info(`participant: ${p.service} answers ${p.command} already; nothing to change`);
    return undefined;
  }
  logger.info(
    `participant: next, invoke ${p.command} in a step of the ${p.saga} definition (services/${ORCHESTRATOR}/src/sagas/), and write the step's work in services/${p.service}/src/${p.fileName}/${p.fileName}.controller.ts`,
  );
  await formatFiles(tree);
  return regenerate(tree);
}
