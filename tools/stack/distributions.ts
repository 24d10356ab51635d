import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackPaths, type StackConfig } from './config.ts';
import { StackError } from './errors.ts';
import { resolveMaven } from './java.ts';

/**
 * Resolves the pinned Kafka classpath and Apicurio distribution from Maven Central with the pom in
 * deploy/local, once. Maven's own download lines are the progress output.
 */
export async function ensureDistributions(
  config: StackConfig,
  log: (line: string) => void,
): Promise<void> {
  const { kafka, apicurio } = config.versions;
  await resolveOnce(config, log, {
    marker: `.resolved-kafka-${kafka}-apicurio-${apicurio}`,
    what: `Kafka ${kafka} and Apicurio Registry ${apicurio} from Maven Central (first run, ~220 MB)`,
    goal: 'generate-resources',
  });
}

/**
 * Resolves the pinned Keycloak distribution (deploy/local/pom.xml's `keycloak-distribution`
 * execution) once, in a Maven run of its own: it never rewrites the Kafka or Apicurio files of a
 * stack whose registry is already running.
 */
export async function ensureKeycloakDistribution(
  config: StackConfig,
  log: (line: string) => void,
): Promise<void> {
  const { keycloak } = config.versions;
  await resolveOnce(config, log, {
    marker: `.resolved-keycloak-${keycloak}`,
    what: `Keycloak ${keycloak} from Maven Central (first run, ~160 MB)`,
    goal: 'dependency:unpack@keycloak-distribution',
  });
}

/** One Maven run of deploy/local/pom.xml (checksums enforced), skipped once its marker exists. */
async function resolveOnce(
  config: StackConfig,
  log: (line: string) => void,
  step: { readonly marker: string; readonly what: string; readonly goal: string },
): Promise<void> {
  const paths = stackPaths(config);
  const marker = join(paths.dist, step.marker);
  if (existsSync(marker)) return;
  const mvn = resolveMaven();
  log(`Resolving ${step.what} ...`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      mvn,
      [
        '-B',
        '--strict-checksums',
        '-Dstyle.color=never',
        '-f',
        join(config.root, 'deploy/local/pom.xml'),
        step.goal,
        `-Dmeridian.dist=${paths.dist}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const forward = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (/Downloaded from|BUILD|ERROR/.test(line)) log(`  ${line.trim()}`);
      }
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.once('error', reject);
    child.once('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0)
    throw new StackError(
      `Maven could not resolve the stack's artifacts (exit ${code}); see the lines above.`,
    );
  writeFileSync(marker, new Date().toISOString());
}
