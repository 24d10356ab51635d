// `npm run schemas -- list`: what the registry holds for the catalogue's subjects, and what it lacks.
import type { Catalog, Subject } from './catalog.ts';
import type { RegisteredVersion, RegistryClient } from './registry.ts';

export interface ListedSubject {
  readonly subject: Subject;
  /** The registry's level for the subject (undefined: none). */
  readonly registryMode: string | undefined;
  readonly versions: readonly RegisteredVersion[];
}

export interface ListReport {
  readonly registered: readonly ListedSubject[];
  readonly missing: readonly Subject[];
  /** Registry subjects that are not in the catalogue (not listed). */
  readonly others: number;
}

export async function listSubjects(
  catalog: Catalog,
  registry: RegistryClient,
): Promise<ListReport> {
  const inRegistry = new Set(await registry.subjects());
  const known = catalog.subjects.filter((s) => inRegistry.has(s.subject));
  const registered = await Promise.all(
    known.map(async (subject): Promise<ListedSubject> => {
      const [registryMode, numbers] = await Promise.all([
        registry.getCompatibility(subject.subject),
        registry.versions(subject.subject),
      ]);
      const versions = await Promise.all(numbers.map((n) => registry.version(subject.subject, n)));
      return { subject, registryMode, versions };
    }),
  );
  const catalogued = new Set(catalog.subjects.map((s) => s.subject));
  return {
    registered,
    missing: catalog.subjects.filter((s) => !inRegistry.has(s.subject)),
    others: [...inRegistry].filter((s) => !catalogued.has(s)).length,
  };
}

export function formatList(report: ListReport): string[] {
  const lines = [`registered (${report.registered.length}):`];
  for (const { subject, registryMode, versions } of report.registered) {
    const mode =
      registryMode === subject.mode
        ? subject.mode
        : `${subject.mode} (registry: ${registryMode ?? 'none'}; run register)`;
    const list = versions.map((v) => `v${v.version} id ${v.id}`).join(', ');
    lines.push(
      `  ${subject.subject}`,
      `    topic ${subject.topic}  mode ${mode}  versions ${list}`,
    );
  }
  lines.push(`not registered (${report.missing.length}):`);
  for (const subject of report.missing)
    lines.push(`  ${subject.subject}  (topic ${subject.topic}, mode ${subject.mode})`);
  if (report.others > 0)
    lines.push(`(${report.others} other registry subjects are not in the catalogue)`);
  return lines;
}
