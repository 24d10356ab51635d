// `npm run schemas -- register`: every catalogue subject's compatibility level and schema into the
// registry. Idempotent: a second run changes nothing and says so.
import type { CompatibilityMode, Subject } from './catalog.ts';
import type { RegistryClient } from './registry.ts';

export type RegisterStatus = 'registered' | 'unchanged' | 'rejected';

export interface RegisterOutcome {
  readonly subject: string;
  readonly status: RegisterStatus;
  readonly id?: number;
  /** Set when this run changed the subject's compatibility level. */
  readonly config?: { readonly from: string | undefined; readonly to: CompatibilityMode };
  /** The registry's message when it refused. */
  readonly error?: string;
}

export interface RegisterReport {
  readonly outcomes: readonly RegisterOutcome[];
  readonly registered: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly configsChanged: number;
}

/** The exact text registered for a subject: what the serializers and the lookup use. */
export const schemaText = (subject: Subject): string => JSON.stringify(subject.schema);

export async function registerSubjects(
  subjects: readonly Subject[],
  registry: RegistryClient,
  onOutcome: (outcome: RegisterOutcome) => void = () => undefined,
): Promise<RegisterReport> {
  const outcomes: RegisterOutcome[] = [];
  for (const subject of subjects) {
    const outcome = await registerOne(subject, registry);
    outcomes.push(outcome);
    onOutcome(outcome);
  }
  const count = (status: RegisterStatus): number =>
    outcomes.filter((o) => o.status === status).length;
  return {
    outcomes,
    registered: count('registered'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    configsChanged: outcomes.filter((o) => o.config).length,
  };
}

async function registerOne(subject: Subject, registry: RegistryClient): Promise<RegisterOutcome> {
  const name = subject.subject;
  let config: RegisterOutcome['config'];
  try {
    // The level first, so the registry judges a new version under the catalogue's mode.
    const current = await registry.getCompatibility(name);
    if (current !== subject.mode) {
      await registry.setCompatibility(name, subject.mode);
      config = { from: current, to: subject.mode };
    }
    const text = schemaText(subject);
    const known = await registry.lookup(name, text);
    if (known !== undefined)
      return { subject: name, status: 'unchanged', id: known, ...(config ? { config } : {}) };
    const id = await registry.register(name, text, subject.mode);
    return { subject: name, status: 'registered', id, ...(config ? { config } : {}) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { subject: name, status: 'rejected', error: message, ...(config ? { config } : {}) };
  }
}

export function formatOutcome(outcome: RegisterOutcome): string {
  const config = outcome.config
    ? ` (compatibility ${outcome.config.from ?? 'unset'} -> ${outcome.config.to})`
    : '';
  switch (outcome.status) {
    case 'registered':
      return `registered ${outcome.subject}: id ${outcome.id}${config}`;
    case 'unchanged':
      return `unchanged  ${outcome.subject}: id ${outcome.id}${config}`;
    case 'rejected':
      return `✗ ${outcome.subject}: the registry refused it: ${outcome.error}${config}`;
  }
}

export function formatRegisterSummary(report: RegisterReport): string {
  const configs =
    report.configsChanged > 0 ? `, ${report.configsChanged} compatibility levels set` : '';
  const rejected = report.rejected > 0 ? `, ${report.rejected} rejected` : '';
  return `schemas register: ${report.registered} registered, ${report.unchanged} unchanged${rejected}${configs}`;
}
