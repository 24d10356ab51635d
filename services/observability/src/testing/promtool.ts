// Prometheus' promtool for the alert rule tests: the local stack builds it on first use
// (tools/stack `ensurePromtool`, from the Go module proxy). A service never imports tools, so it
// is asked for the binary in a child process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { workspaceRoot } from '@meridian/testing';

const run = promisify(execFile);
/** Building promtool the first time takes minutes. */
const BUILD_TIMEOUT_MS = 15 * 60_000;

export async function promtoolBinary(): Promise<string> {
  const module = pathToFileURL(join(workspaceRoot(), 'tools', 'stack', 'go-tools.ts')).href;
  const script = [
    `const { ensurePromtool } = await import(${JSON.stringify(module)});`,
    `process.stdout.write(await ensurePromtool((line) => process.stderr.write(line + '\\n')));`,
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: workspaceRoot(),
    timeout: BUILD_TIMEOUT_MS,
  });
  return stdout.trim();
}

/** Runs promtool; resolves with its output, rejects (with the output) on a non-zero exit. */
export async function promtool(binary: string, args: readonly string[]): Promise<string> {
  const { stdout, stderr } = await run(binary, [...args], { timeout: 60_000 });
  return `${stdout}${stderr}`;
}
