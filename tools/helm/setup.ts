// The programs the chart's tests need, set up on demand under .meridian and idempotent (a second
// run costs one file test):
// - helm (Helm v4), built from deploy/local/helm's Go module like the stack's other Go tools;
// - kubernetes-validate from PyPI (it bundles the Kubernetes JSON schemas, strict variants
//   included), installed with the versions of tools/helm/requirements.txt into a Python venv.
// Parallel test processes may ask at once: each builds in its own partial directory and renames it
// into place; the first rename wins and the others drop their copy.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { capture } from '../scripts/workspace.ts';
import { loadStackConfig, type StackConfig } from '../stack/config.ts';
import { StackError } from '../stack/errors.ts';
import { ensureGoTool, HELM } from '../stack/go-tools.ts';

export const REQUIREMENTS = 'tools/helm/requirements.txt';

/** The helm binary (built the first time: several minutes). */
export function ensureHelm(
  log: (line: string) => void,
  config: StackConfig = loadStackConfig(),
): Promise<string> {
  return ensureGoTool(HELM, log, config);
}

/** The kubernetes-validate version pinned in a requirements file. */
export function pinnedKubernetesValidate(requirements: string, where: string): string {
  const version = /^kubernetes-validate==(\S+)\s*$/im.exec(requirements)?.[1];
  if (!version) throw new StackError(`${where} pins no kubernetes-validate==<version>.`);
  return version;
}

/** Where the venv of that version lives. */
export function kubernetesValidateHome(config: StackConfig, version: string): string {
  return join(config.home, 'python', `kubernetes-validate-${version}`);
}

async function step(what: string, command: string, args: readonly string[]): Promise<void> {
  const { code, output } = await capture(command, args).catch((error: unknown) => ({
    code: 127,
    output: error instanceof Error ? error.message : String(error),
  }));
  if (code !== 0) {
    const last = output.trimEnd().split('\n').slice(-5).join('\n    ');
    throw new StackError(`${what} failed (exit ${code}):\n    ${last}`);
  }
}

/**
 * The Python interpreter of a venv that has kubernetes-validate (run it as
 * `python -m kubernetes_validate`: the venv was built under another name, so its console scripts'
 * first lines point elsewhere; the interpreter finds its packages from where it is).
 */
export async function ensureKubernetesValidate(
  log: (line: string) => void,
  config: StackConfig = loadStackConfig(),
  python = process.env['PYTHON'] ?? 'python3',
): Promise<string> {
  const requirements = join(config.root, REQUIREMENTS);
  const version = pinnedKubernetesValidate(readFileSync(requirements, 'utf8'), REQUIREMENTS);
  const home = kubernetesValidateHome(config, version);
  const interpreter = join(home, 'bin', 'python');
  if (existsSync(interpreter)) return interpreter;
  log(`installing kubernetes-validate ${version} from PyPI into ${home}`);
  mkdirSync(join(config.home, 'python'), { recursive: true });
  const partial = `${home}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    await step(
      `Creating a Python venv with ${python} (python3 and its venv module are needed)`,
      python,
      ['-m', 'venv', partial],
    );
    const partialPython = join(partial, 'bin', 'python');
    await step(`Installing ${REQUIREMENTS} with pip`, partialPython, [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--no-input',
      '--disable-pip-version-check',
      '--requirement',
      requirements,
    ]);
    await step('kubernetes-validate --version', partialPython, [
      '-m',
      'kubernetes_validate',
      '--version',
    ]);
    renameSync(partial, home);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    // Another process renamed its copy first: use that one.
    if (existsSync(interpreter)) return interpreter;
    throw error;
  }
  log(`  installed ${home}`);
  return interpreter;
}
