// `nx g @meridian/nx-plugin:event --domain=pharmacy --name=MedicationDispensed --topic=pharmacy.dispense.v1
// [--producer=<service>] [--key=<field>]`: the Avro record with the envelope, its topic in
// schemas/topics.json (created when missing, the producer named), the producer's AppModule
// publishing the topic, a round-trip test, then the contracts, AsyncAPI documents and Helm chart
// files regenerated. The same options again change nothing; a different record where one exists
// is refused, naming the file.
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { formatFiles, logger } from '@nx/devkit';
import { topicConstName } from '@meridian/contracts';
import { fullName, schemaPath } from '../../shared/avro-records.ts';
import { editAppModule } from '../../shared/app-module.ts';
import { createFile } from '../../shared/files.ts';
import { regenerate } from '../../shared/regenerate.ts';
import { serviceDomain, servicesOfDomain } from '../../shared/services.ts';
import {
  addProducer,
  addRecord,
  addTopic,
  readTopics,
  TOPICS_JSON,
} from '../../shared/topics-json.ts';
import type { EventOptions } from './event.ts';
import { eventRecord, eventTopic, resolveEvent, topicPlace } from './event.ts';
import { roundTripSpec, roundTripSpecPath } from './round-trip-spec.ts';

export default async function eventGenerator(
  tree: Tree,
  options: EventOptions,
): Promise<GeneratorCallback | undefined> {
  const existing = readTopics(tree).find((t) => t.name === options.topic);
  const event = resolveEvent(options, servicesOfDomain(tree, options.domain), existing);
  if (serviceDomain(tree, event.producer) === undefined) {
    throw new Error(
      `--producer=${event.producer}: services/${event.producer}/project.json does not exist`,
    );
  }
  const record = fullName(event.domain, event.name);
  const carriedElsewhere = readTopics(tree).find(
    (t) => t.name !== event.topic && (t.records ?? []).includes(record),
  );
  if (carriedElsewhere) {
    throw new Error(`${TOPICS_JSON}: ${record} is already a message of ${carriedElsewhere.name}`);
  }

  const changed = [
    await createFile(
      tree,
      schemaPath(event.domain, event.name),
      JSON.stringify(eventRecord(event), null, 2),
    ),
    addTopic(
      tree,
      eventTopic(event),
      topicPlace(
        event.domain,
        readTopics(tree).map((t) => t.name),
      ),
    ),
    addRecord(tree, event.topic, record),
    addProducer(tree, event.topic, event.producer),
    editAppModule(tree, event.producer, { produces: topicConstName(event.topic) }),
    await createFile(tree, roundTripSpecPath(event), roundTripSpec(event)),
  ];
  if (!changed.some(Boolean)) {
    logger.info(`event: ${record} on ${event.topic} is already there; nothing to change`);
    return undefined;
  }
  await formatFiles(tree);
  return regenerate(tree);
}
