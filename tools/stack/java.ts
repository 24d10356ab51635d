import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from './errors.ts';

/** Where Debian and the Temurin packages put their JDKs. */
const JVM_DIR = '/usr/lib/jvm';

function majorOf(java: string): number | undefined {
  const out = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (out.error) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${out.stderr}${out.stdout}`);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function installedJdks(): string[] {
  if (!existsSync(JVM_DIR)) return [];
  return readdirSync(JVM_DIR)
    .map((d) => join(JVM_DIR, d, 'bin', 'java'))
    .filter((java) => existsSync(java));
}

/**
 * The `java` for a component needing Java `minimum` or newer: $JAVA_HOME/bin/java when JAVA_HOME
 * is set (and it must qualify), else `java` on PATH when new enough, else the newest JDK installed
 * under /usr/lib/jvm.
 */
export function resolveJava(javaHome: string | undefined, minimum: number, needs: string): string {
  if (javaHome !== undefined) {
    const java = join(javaHome, 'bin', 'java');
    if (!existsSync(java)) {
      throw new StackError(
        `JAVA_HOME is set to ${javaHome}, which has no bin/java: point JAVA_HOME at a JDK ${minimum} or newer, or unset it.`,
      );
    }
    const major = majorOf(java);
    if (major === undefined || major < minimum) {
      throw new StackError(
        `${needs} needs Java ${minimum} or newer, but JAVA_HOME (${javaHome}) is Java ${major ?? 'unknown'}: point JAVA_HOME at a newer JDK.`,
      );
    }
    return java;
  }
  const candidates = ['java', ...installedJdks()]
    .map((java) => ({ java, major: majorOf(java) }))
    .filter(
      (c): c is { java: string; major: number } => c.major !== undefined && c.major >= minimum,
    );
  const onPath = candidates.find((c) => c.java === 'java');
  const newest = candidates.sort((a, b) => b.major - a.major)[0];
  const chosen = onPath ?? newest;
  if (!chosen) {
    throw new StackError(
      `${needs} needs Java ${minimum} or newer and none was found on PATH or in ${JVM_DIR}: install a JDK ${minimum}+ or set JAVA_HOME.`,
    );
  }
  return chosen.java;
}

/** Maven, needed only while the JVM components are not yet resolved into the stack's dist dir. */
export function resolveMaven(): string {
  const out = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (out.error || out.status !== 0) {
    throw new StackError(
      'Maven (mvn) is not on PATH, and it is needed once to resolve Kafka, Apicurio and Keycloak from Maven Central: install it (Debian: apt-get install maven).',
    );
  }
  return 'mvn';
}
