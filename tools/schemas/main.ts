// The schema governance CLI: npm run schemas -- check [--all] [--base <rev>] | register | list [--root <dir>]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../scripts/workspace.ts';
import { loadCatalog } from './catalog.ts';
import { formatCheck, runCheck } from './check.ts';
import { formatList, listSubjects } from './list.ts';
import { formatOutcome, formatRegisterSummary, registerSubjects } from './register.ts';
import { createRegistryClient, registryTimeoutMs, registryUrl } from './registry.ts';
import { workTreeSource } from './source.ts';

const USAGE = `usage: npm run schemas -- <command> [--root <dir>]
  check [--all] [--base <rev>]  compatibility gate: each subject changed since <rev> (default: the
                                merge base with origin/main, else main; the work tree counts) or --all,
                                against its earlier versions in git history, under its mode
  register                      set each subject's compatibility level and register its schema (idempotent)
  list                          catalogue subjects in the registry (versions, ids, topic, mode) and those not in it
  --root <dir>                  the workspace to read (default: $MERIDIAN_ROOT, else this one)
registry: $SCHEMA_REGISTRY_URL, else the local stack's .meridian/endpoints.json`;

const log = (line: string): void => console.log(line);

async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        base: { type: 'string' },
        root: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`schemas: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (
    !command ||
    extra.length > 0 ||
    (command !== 'check' && (values.all || values.base !== undefined))
  ) {
    console.error(USAGE);
    return 2;
  }
  const root = resolve(values.root ?? process.env['MERIDIAN_ROOT'] ?? ROOT);
  switch (command) {
    case 'check': {
      const report = runCheck({
        root,
        all: values.all,
        ...(values.base !== undefined ? { base: values.base } : {}),
      });
      formatCheck(report).forEach((line) => log(line));
      return report.failures.length === 0 ? 0 : 1;
    }
    case 'register': {
      const catalog = loadCatalog(workTreeSource(root));
      const registry = createRegistryClient({
        url: registryUrl(process.env, ROOT),
        timeoutMs: registryTimeoutMs(process.env),
      });
      log(`registry ${registry.url}`);
      const report = await registerSubjects(catalog.subjects, registry, (outcome) =>
        log(formatOutcome(outcome)),
      );
      log(formatRegisterSummary(report));
      return report.rejected === 0 ? 0 : 1;
    }
    case 'list': {
      const catalog = loadCatalog(workTreeSource(root));
      const registry = createRegistryClient({
        url: registryUrl(process.env, ROOT),
        timeoutMs: registryTimeoutMs(process.env),
      });
      log(`registry ${registry.url}`);
      formatList(await listSubjects(catalog, registry)).forEach((line) => log(line));
      return 0;
    }
    default:
      console.error(`schemas: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const command = process.argv[2] ?? '';
    console.error(`schemas ${command}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
