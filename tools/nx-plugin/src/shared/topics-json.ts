// schemas/topics.json, the topic catalogue, as the generators edit it: which services publish to
// and consume each topic (the AsyncAPI document, the declarations test and the test harnesses'
// consumer groups read these lists). Every edit keeps the other keys as they are; formatFiles
// writes the file as prettier does.
import type { Tree } from '@nx/devkit';
import { readJson, updateJson } from '@nx/devkit';

export const TOPICS_JSON = 'schemas/topics.json';

/** One entry of the catalogue (the keys the generators touch; the others are kept). */
export interface CatalogueTopic {
  readonly name: string;
  readonly producers?: readonly string[];
  readonly consumers?: readonly string[];
  readonly records?: readonly string[];
  readonly [key: string]: unknown;
}

interface Catalogue {
  readonly topics: readonly CatalogueTopic[];
  readonly [key: string]: unknown;
}

/** The topics of the catalogue, in its order. */
export function readTopics(tree: Tree): readonly CatalogueTopic[] {
  return readJson<Catalogue>(tree, TOPICS_JSON).topics;
}

/** The topic named `name`; an error naming the catalogue and the topic when there is none. */
export function findTopic(tree: Tree, name: string): CatalogueTopic {
  const topic = readTopics(tree).find((t) => t.name === name);
  if (!topic) throw new Error(`${TOPICS_JSON} has no topic ${name}`);
  return topic;
}

/** A topic's list of services: who publishes to it, who consumes it. */
type ServiceList = 'producers' | 'consumers';

/** Adds `service` to the `list` of `topic`, kept sorted; false when it was there already. */
function addService(tree: Tree, topic: string, list: ServiceList, service: string): boolean {
  if ((findTopic(tree, topic)[list] ?? []).includes(service)) return false;
  updateJson<Catalogue>(tree, TOPICS_JSON, (catalogue) => ({
    ...catalogue,
    topics: catalogue.topics.map((t) =>
      t.name === topic ? { ...t, [list]: [...(t[list] ?? []), service].sort() } : t,
    ),
  }));
  return true;
}

/** Lists `service` among the producers of `topic`; false when it already was. */
export function addProducer(tree: Tree, topic: string, service: string): boolean {
  return addService(tree, topic, 'producers', service);
}

/** Lists `service` among the consumers of `topic`; false when it already was. */
export function addConsumer(tree: Tree, topic: string, service: string): boolean {
  return addService(tree, topic, 'consumers', service);
}

/** A topic the catalogue does not have yet, with every key its entries carry, in their order. */
export interface NewTopic {
  readonly name: string;
  readonly partitions: number;
  /** The business key field first, then why it keeps order. */
  readonly key: string;
  readonly doc: string;
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
  readonly records: readonly string[];
}

/**
 * Adds `topic` after the last topic whose name satisfies `after` (the same domain's topics), else
 * at the end; false when the catalogue has a topic of that name already (left as it is).
 */
export function addTopic(tree: Tree, topic: NewTopic, after?: (name: string) => boolean): boolean {
  if (readTopics(tree).some((t) => t.name === topic.name)) return false;
  updateJson<Catalogue>(tree, TOPICS_JSON, (catalogue) => {
    const last = after ? catalogue.topics.findLastIndex((t) => after(t.name)) : -1;
    const at = last < 0 ? catalogue.topics.length : last + 1;
    return {
      ...catalogue,
      topics: [...catalogue.topics.slice(0, at), { ...topic }, ...catalogue.topics.slice(at)],
    };
  });
  return true;
}

/** Adds the record (full name) to the messages `topic` carries, last; false when it was there. */
export function addRecord(tree: Tree, topic: string, record: string): boolean {
  if ((findTopic(tree, topic).records ?? []).includes(record)) return false;
  updateJson<Catalogue>(tree, TOPICS_JSON, (catalogue) => ({
    ...catalogue,
    topics: catalogue.topics.map((t) =>
      t.name === topic ? { ...t, records: [...(t.records ?? []), record] } : t,
    ),
  }));
  return true;
}
