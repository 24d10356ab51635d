// `npm run schemas -- check`: the CI gate. Every changed subject of the work tree (uncommitted
// changes included) is checked against its earlier versions from git history under its mode.
import type { Catalog, CompatibilityMode, Subject } from './catalog.ts';
import { loadCatalog } from './catalog.ts';
import type { Direction, Incompatibility } from './compatibility.ts';
import { checkCompatibility, formatIncompatibility, versionsToCompare } from './compatibility.ts';
import type { Base, History, SchemaVersion, SubjectHistory } from './history.ts';
import { day, loadHistory, resolveBase, shortSha, stableKey } from './history.ts';
import { gitSource, workTreeSource } from './source.ts';

export interface CheckFailure {
  readonly subject: string;
  readonly mode: CompatibilityMode;
  readonly version: SchemaVersion;
  readonly direction: Direction;
  readonly incompatibilities: readonly Incompatibility[];
}

export interface SubjectsVerdict {
  readonly checked: number;
  /** Earlier versions compared, summed over subjects. */
  readonly compared: number;
  readonly failures: readonly CheckFailure[];
}

/** Checks each subject against its earlier versions under its own mode. */
export function checkSubjects(
  subjects: readonly Subject[],
  history: ReadonlyMap<string, SubjectHistory>,
): SubjectsVerdict {
  let compared = 0;
  const failures: CheckFailure[] = [];
  for (const subject of subjects) {
    const earlier = history.get(subject.subject);
    if (!earlier) continue; // a new subject: nothing to be compatible with
    const schemas = earlier.versions.map((v) => v.schema);
    compared += versionsToCompare(subject.mode, schemas.length, earlier.latest).length;
    for (const problem of checkCompatibility(
      subject.mode,
      subject.schema,
      schemas,
      earlier.latest,
    )) {
      const version = earlier.versions[problem.against];
      if (!version) continue;
      failures.push({
        subject: subject.subject,
        mode: subject.mode,
        version,
        direction: problem.direction,
        incompatibilities: problem.incompatibilities,
      });
    }
  }
  return { checked: subjects.length, compared, failures };
}

/** Subjects whose bundled schema differs from the base catalogue's, or that the base does not have. */
export function changedSubjects(current: Catalog, base: Catalog): Subject[] {
  const before = new Map(base.subjects.map((s) => [s.subject, stableKey(s.schema)]));
  return current.subjects.filter((s) => before.get(s.subject) !== stableKey(s.schema));
}

export interface CheckOptions {
  readonly root: string;
  /** Check every subject instead of the changed ones. */
  readonly all: boolean;
  /** Revision to find changed subjects against (default: merge base with origin/main, else main). */
  readonly base?: string;
}

export interface CheckReport extends SubjectsVerdict {
  readonly notes: readonly string[];
  /** What "changed" was measured against; undefined with --all. */
  readonly scope: string;
}

export function runCheck(options: CheckOptions): CheckReport {
  const current = loadCatalog(workTreeSource(options.root));
  const notes: string[] = [];
  let subjects: readonly Subject[] = current.subjects;
  let scope = 'all subjects';
  if (!options.all) {
    const base: Base | undefined = resolveBase(options.root, options.base);
    if (!base) {
      notes.push('no base commit (no origin/main or main): checking every subject');
    } else {
      scope = `changed since ${shortSha(base.commit)} (${base.label})`;
      try {
        subjects = changedSubjects(current, loadCatalog(gitSource(options.root, base.commit.sha)));
      } catch (error) {
        notes.push(
          `the catalogue at ${shortSha(base.commit)} does not load (${message(error)}): checking every subject`,
        );
      }
    }
  }
  const history: History = loadHistory(options.root);
  for (const { commit, reason } of history.skipped) {
    notes.push(
      `skipped ${shortSha(commit)} (${day(commit)}): its catalogue does not load: ${reason}`,
    );
  }
  return { ...checkSubjects(subjects, history.subjects), notes, scope };
}

const DIRECTION: Record<Direction, string> = {
  backward: 'backward: the new schema cannot read data written with it',
  forward: 'forward: readers on it cannot read data written with the new schema',
};

/** Output lines, one per problem on failure, else a one-line summary. */
export function formatCheck(report: CheckReport): string[] {
  const lines = report.notes.map((note) => `note: ${note}`);
  const counts = `${plural(report.checked, 'subject')} checked, ${plural(report.compared, 'earlier version')} compared`;
  if (report.failures.length === 0) {
    lines.push(`schemas check: compatible: ${counts} (${report.scope})`);
    return lines;
  }
  for (const failure of report.failures) {
    const against = `${shortSha(failure.version.commit)} of ${day(failure.version.commit)}`;
    for (const problem of failure.incompatibilities) {
      const field = problem.field ? `field '${problem.field}'` : 'schema root';
      lines.push(
        `✗ ${failure.subject} [${failure.mode}] vs ${against}, ${field} (${DIRECTION[failure.direction]}): ${formatIncompatibility(problem)}`,
      );
    }
  }
  const problems = report.failures.reduce((n, f) => n + f.incompatibilities.length, 0);
  const subjects = new Set(report.failures.map((f) => f.subject)).size;
  lines.push(
    `schemas check: FAILED: ${plural(problems, 'incompatibility', 'incompatibilities')} in ${plural(subjects, 'subject')}; ${counts} (${report.scope})`,
  );
  return lines;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
