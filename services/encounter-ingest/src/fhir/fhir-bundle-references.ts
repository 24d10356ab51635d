// References between the entries of a Bundle (fullUrl `urn:uuid:...`, or `Type/id`), made
// references to contained resources: each Encounter is then stored and processed on its own,
// exactly as if it had been sent with those resources contained, and reprocesses the same way.
import { isObject, objects, text } from './fhir-values.js';
import type { JsonObject } from './fhir-values.js';

/** A resource of another entry that an Encounter may reference. */
export interface BundleResource {
  /** Its index in Bundle.entry. */
  readonly index: number;
  readonly fullUrl: string | undefined;
  readonly resource: JsonObject;
}

/** An Encounter made self-contained, and which Bundle entry each added contained resource was. */
export interface SelfContained {
  readonly encounter: JsonObject;
  /** Encounter.contained index -> Bundle.entry index, for the resources brought in. */
  readonly origins: ReadonlyMap<number, number>;
}

/** A copy of `value` with every `reference` string passed through `rewrite`. */
function mapReferences(value: unknown, rewrite: (reference: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapReferences(item, rewrite));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === 'reference' && typeof item === 'string'
        ? rewrite(item)
        : mapReferences(item, rewrite),
    ]),
  );
}

/** Every `reference` string in `value`. */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    key === 'reference' && typeof item === 'string' ? [item] : referencesIn(item),
  );
}

/** The entry a reference resolves to: by fullUrl, else by `Type/id`. */
function targetOf(
  reference: string,
  others: readonly BundleResource[],
): BundleResource | undefined {
  return (
    others.find((other) => other.fullUrl === reference) ??
    others.find(
      (other) =>
        `${text(other.resource['resourceType']) ?? ''}/${text(other.resource['id']) ?? ''}` ===
        reference,
    )
  );
}

/** A contained copy: a contained resource has no version nor last update of its own (dom-4). */
function asContained(resource: JsonObject, id: string): JsonObject {
  const meta = isObject(resource['meta']) ? { ...resource['meta'] } : undefined;
  if (meta) {
    delete meta['versionId'];
    delete meta['lastUpdated'];
  }
  return { ...resource, id, ...(meta ? { meta } : {}) };
}

/**
 * `encounter` with the resources of `others` it references (directly, or through them: a bed's
 * `partOf` room) added to `contained` and those references rewritten to `#id`. References that
 * resolve to no entry are left as they are (the mapping reports the ones it needs).
 */
export function selfContained(
  encounter: JsonObject,
  others: readonly BundleResource[],
): SelfContained {
  const contained = objects(encounter['contained']);
  const taken = new Set(contained.map((resource) => text(resource['id'])));
  const local = new Map<string, string>();
  const added: { readonly id: string; readonly source: BundleResource }[] = [];
  const pending = referencesIn(encounter);
  for (let reference = pending.shift(); reference !== undefined; reference = pending.shift()) {
    const target = local.has(reference) ? undefined : targetOf(reference, others);
    if (!target) continue;
    const already = added.find((a) => a.source === target);
    const id =
      already?.id ?? uniqueId(text(target.resource['id']) ?? `entry${target.index}`, taken);
    local.set(reference, `#${id}`);
    if (already) continue;
    added.push({ id, source: target });
    pending.push(...referencesIn(target.resource));
  }
  if (added.length === 0) return { encounter, origins: new Map() };
  const rewrite = (reference: string): string => local.get(reference) ?? reference;
  const all = [...contained, ...added.map((a) => asContained(a.source.resource, a.id))];
  return {
    encounter: {
      ...(mapReferences(encounter, rewrite) as JsonObject),
      contained: mapReferences(all, rewrite),
    },
    origins: new Map(added.map((a, i) => [contained.length + i, a.source.index])),
  };
}

function uniqueId(wanted: string, taken: Set<string | undefined>): string {
  let id = wanted;
  for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
  taken.add(id);
  return id;
}

/**
 * A FHIRPath of the self-contained Encounter as a path of the Bundle the client sent:
 * `Encounter.contained[3].code` -> `Bundle.entry[2].resource.code` for a resource brought in,
 * `Encounter.period` -> `Bundle.entry[0].resource.period`.
 */
export function bundlePath(
  where: string,
  entryIndex: number,
  origins: ReadonlyMap<number, number>,
): string {
  const inContained = /^Encounter\.contained\[(\d+)\]/.exec(where);
  const origin = inContained ? origins.get(Number(inContained[1])) : undefined;
  if (inContained && origin !== undefined)
    return `Bundle.entry[${origin}].resource${where.slice(inContained[0].length)}`;
  return where.startsWith('Encounter')
    ? `Bundle.entry[${entryIndex}].resource${where.slice('Encounter'.length)}`
    : where;
}
