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
  const paths = stackPaths(config);
  const marker = join(
    paths.dist,
    `.resolved-kafka-${config.versions.kafka}-apicurio-${config.versions.apicurio}`,
  );
  if (existsSync(marker)) return;
  const mvn = resolveMaven();
  log(
    `Resolving Kafka ${config.versions.kafka} and Apicurio Registry ${config.versions.apicurio} from Maven Central (first run, ~220 MB) ...`,
  );
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(
      mvn,
      [
        '-B',
        '-Dstyle.color=never',
        '-f',
        join(config.root, 'deploy/local/pom.xml'),
        'generate-resources',
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
