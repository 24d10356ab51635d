// Runs helm on helm/meridian and kubernetes-validate on what it renders (tools/helm/chart.spec.ts).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../scripts/workspace.ts';
import { CHART_DIR } from './sync.ts';

/** A rendered Kubernetes object, as parsed from helm's output. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const RUN_TIMEOUT_MS = 120_000;

/** Runs a program from the repository root; resolves with its exit code and output, never rejects on a non-zero exit. */
export function runProgram(command: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: ROOT, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** `--values` files (relative to the chart) and `--set` pairs for one rendering. */
export interface ChartValues {
  readonly files?: readonly string[];
  readonly set?: Readonly<Record<string, string>>;
}

export function valueArgs({ files = [], set = {} }: ChartValues): string[] {
  return [
    ...files.flatMap((file) => ['--values', join(CHART_DIR, file)]),
    ...Object.entries(set).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
  ];
}

/** `helm template` of the chart as release `meridian` in namespace `meridian`. */
export function template(helm: string, values: ChartValues = {}): Promise<Outcome> {
  return runProgram(helm, [
    'template',
    'meridian',
    CHART_DIR,
    '--namespace',
    'meridian',
    ...valueArgs(values),
  ]);
}

/** Parses a multi-document YAML stream; duplicate keys and syntax errors throw. */
export function parseManifests(text: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const document of parseAllDocuments(text, { uniqueKeys: true })) {
    const problem = document.errors[0];
    if (problem) throw new Error(`rendered YAML is invalid: ${problem.message}`);
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) manifests.push(value as Manifest);
  }
  return manifests;
}

/** Renders the chart; throws with helm's message when it fails. */
export async function render(helm: string, values: ChartValues = {}): Promise<Manifest[]> {
  const { code, stdout, stderr } = await template(helm, values);
  if (code !== 0) throw new Error(`helm template failed (exit ${code}): ${stderr.trim()}`);
  return parseManifests(stdout);
}

/** Kinds of custom resources (no schema in kubernetes-validate: the spec checks their shape). */
export const CUSTOM_KINDS: ReadonlySet<string> = new Set([
  'ServiceMonitor',
  'PrometheusRule',
  'KafkaTopic',
]);

export interface Validation {
  /** `<kind>/<name>` of every object that passed, once per Kubernetes version. */
  readonly passed: readonly string[];
  /** Every ERROR, WARN or FATAL line (a missing schema is a failure here, not a warning). */
  readonly problems: readonly string[];
}

/**
 * Validates the objects with kubernetes-validate in strict mode (unknown fields are errors)
 * against each Kubernetes version.
 */
export async function validate(
  python: string,
  manifests: readonly Manifest[],
  kubernetesVersions: readonly string[],
): Promise<Validation> {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-helm-'));
  try {
    const file = join(dir, 'manifests.json');
    // One JSON document per line is valid YAML: kubernetes-validate reads the objects as parsed.
    writeFileSync(file, manifests.map((m) => `---\n${JSON.stringify(m)}\n`).join(''));
    const { stdout, stderr } = await runProgram(python, [
      '-m',
      'kubernetes_validate',
      '--strict',
      ...kubernetesVersions.flatMap((version) => ['--kubernetes-version', version]),
      file,
    ]);
    const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => line.trim() !== '');
    return {
      passed: lines.flatMap((line) => {
        const match = / passed for resource (\S+) against version (\S+)$/.exec(line);
        return match ? [`${match[1]}@${match[2]}`] : [];
      }),
      problems: lines.filter((line) => !line.startsWith('INFO ')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
