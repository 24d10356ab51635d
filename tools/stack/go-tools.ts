import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadStackConfig, stackPaths, type StackConfig } from './config.ts';
import { capture } from '../scripts/workspace.ts';
import { StackError } from './errors.ts';

/** A program built from one of deploy/local's Go modules (its go.mod pins the version). */
export interface GoTool {
  /** The binary's name under .meridian/bin, before the version. */
  readonly name: string;
  /** What the progress line calls it. */
  readonly label: string;
  /** The module directory under deploy/local. */
  readonly moduleDir: string;
}

export const JAEGER: GoTool = { name: 'jaeger', label: 'Jaeger', moduleDir: 'deploy/local/jaeger' };
export const PROMTOOL: GoTool = {
  name: 'promtool',
  label: 'promtool',
  moduleDir: 'deploy/local/promtool',
};
/** The helm CLI (Helm v4) for linting and rendering helm/meridian (tools/helm). */
export const HELM: GoTool = { name: 'helm', label: 'Helm', moduleDir: 'deploy/local/helm' };

/** Where Debian's golang packages and the upstream tarball put `go` when it is not on PATH. */
const GO_CANDIDATES = ['go', '/usr/local/go/bin/go', '/usr/lib/go/bin/go'];

export interface GoToolModule {
  /** The package `go build` builds: the go.mod `tool` directive. */
  readonly toolPackage: string;
  /** The version go.mod requires for the module providing that package. */
  readonly version: string;
}

/** Reads the tool package and its pinned version from a go.mod with one `tool` directive. */
export function parseGoToolModule(goMod: string, where: string): GoToolModule {
  const tool = /^tool\s+(\S+)\s*$/m.exec(goMod)?.[1];
  if (!tool) throw new StackError(`${where} has no 'tool' directive.`);
  const requires = [...goMod.matchAll(/^\s*(?:require\s+)?(\S+)\s+(v\d+\.\d+\.\d+\S*)/gm)];
  // The providing module is the longest required path that is a prefix of the tool package.
  const provider = requires
    .filter(([, path]) => path !== undefined && (tool === path || tool.startsWith(`${path}/`)))
    .sort((a, b) => (b[1]?.length ?? 0) - (a[1]?.length ?? 0))[0];
  if (!provider?.[2]) throw new StackError(`${where} requires no module providing ${tool}.`);
  return { toolPackage: tool, version: provider[2] };
}

export function goToolModule(tool: GoTool, config: StackConfig): GoToolModule {
  const goMod = join(config.root, tool.moduleDir, 'go.mod');
  return parseGoToolModule(readFileSync(goMod, 'utf8'), goMod);
}

export function goToolBinary(tool: GoTool, config: StackConfig): string {
  return join(stackPaths(config).bin, `${tool.name}-${goToolModule(tool, config).version}`);
}

/** The `go` command, or a sentence saying how to get one. */
export function resolveGo(needs: string): string {
  for (const go of GO_CANDIDATES) {
    if (spawnSync(go, ['version']).status === 0) return go;
  }
  throw new StackError(
    `${needs} is built once from the Go module proxy and no Go toolchain was found (go on PATH or /usr/local/go/bin/go): install Go 1.26 or newer.`,
  );
}

/**
 * The tool's binary, built with `go build` from its deploy/local module when it is not there yet
 * (the Go build cache makes a rebuild after a fresh clone quick). Written under a temporary name
 * and renamed, so a build that stops halfway never leaves a broken binary behind.
 */
export async function ensureGoTool(
  tool: GoTool,
  log: (line: string) => void,
  config: StackConfig = loadStackConfig(),
): Promise<string> {
  const binary = goToolBinary(tool, config);
  if (existsSync(binary)) return binary;
  const { toolPackage, version } = goToolModule(tool, config);
  const go = resolveGo(`${tool.label} ${version}`);
  mkdirSync(stackPaths(config).bin, { recursive: true });
  log(`building ${tool.label} ${version} from the Go module proxy (first time: several minutes)`);
  const started = Date.now();
  const partial = `${binary}.partial-${process.pid}`;
  const { code, output } = await capture(go, ['build', '-o', partial, toolPackage], {
    cwd: join(config.root, tool.moduleDir),
  });
  if (code !== 0) {
    rmSync(partial, { force: true });
    const last = output.trimEnd().split('\n').slice(-5).join('\n    ');
    throw new StackError(
      `Building ${tool.label} ${version} failed (go build in ${tool.moduleDir}, exit ${code}):\n    ${last}`,
    );
  }
  renameSync(partial, binary);
  log(`  built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

/** Prometheus' promtool (check metrics, rules), built on demand: `up` does not need it. */
export function ensurePromtool(
  log: (line: string) => void,
  config: StackConfig = loadStackConfig(),
): Promise<string> {
  return ensureGoTool(PROMTOOL, log, config);
}
