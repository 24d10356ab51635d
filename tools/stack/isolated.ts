// A throwaway stack beside the main one: PostgreSQL, Kafka and the schema registry on ports of
// their own, data in a directory of its own, the main stack's resolved distributions reused (never
// downloaded again). The benchmarks run on it so that nothing they leave (saga instances, commands
// on the catalogue's topics) meets `npm start`; `stop()` ends its processes and removes its data.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Component } from './component.ts';
import { loadStackConfig, type StackConfig } from './config.ts';
import { StackError } from './errors.ts';
import { kafkaComponent } from './kafka.ts';
import { adminUrl, postgresComponent } from './postgres.ts';
import { isAlive, portIsFree, stopDaemon, waitUntil } from './process.ts';
import { registryComponent } from './registry.ts';

/** Isolated stacks take slots of 10 ports from 11000 (at most 10 at once): 11000-11099. */
export const ISOLATED_PORTS = { first: 11_000, slots: 10, width: 10 } as const;

/** The ports of the slot starting at `base`. */
export function slotPorts(base: number): {
  readonly postgres: number;
  readonly kafka: number;
  readonly kafkaController: number;
  readonly registry: number;
  readonly registryManagement: number;
} {
  return {
    postgres: base,
    kafka: base + 1,
    kafkaController: base + 2,
    registry: base + 3,
    registryManagement: base + 4,
  };
}

/** What the stack config needs from the caller's environment: tools, never endpoints. */
const INHERITED = ['PATH', 'HOME', 'JAVA_HOME', 'POSTGRES_BIN_DIR', 'POSTGRES_USER'] as const;

/** The stack config of an isolated stack in `home` on the slot at `base`. */
export function isolatedConfig(
  home: string,
  dist: string,
  base: number,
  env: NodeJS.ProcessEnv = process.env,
): StackConfig {
  const ports = slotPorts(base);
  const inherited = Object.fromEntries(
    INHERITED.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]),
  );
  return loadStackConfig({
    ...inherited,
    MERIDIAN_HOME: home,
    MERIDIAN_DIST: dist,
    POSTGRES_PORT: String(ports.postgres),
    KAFKA_PORT: String(ports.kafka),
    KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
    SCHEMA_REGISTRY_PORT: String(ports.registry),
    SCHEMA_REGISTRY_MANAGEMENT_PORT: String(ports.registryManagement),
  });
}

export interface IsolatedEndpoints {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  /** The admin URL of its PostgreSQL (creates databases). */
  readonly databaseUrl: string;
}

export interface IsolatedStack {
  readonly home: string;
  readonly endpoints: IsolatedEndpoints;
  /** Stops every process of the stack and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface IsolatedStackOptions {
  /** Parent of every isolated stack's directory (each named after its slot's first port). */
  readonly stacksDir: string;
  /** The main stack's distributions directory. */
  readonly dist: string;
  /** A slot's first port to use, instead of the first free slot. */
  readonly portBase?: number;
  readonly log: (line: string) => void;
  /**
   * Called with the stack's `stop` once its slot is claimed, before anything starts: a caller
   * interrupted during the start (Ctrl-C) can still stop what has started.
   */
  readonly onClaimed?: (stop: () => Promise<void>) => void;
}

const OWNER_FILE = 'owner.pid';
/** A slot directory without its owner file is another run's claim in progress for this long. */
const CLAIM_GRACE_MS = 60_000;

function components(config: StackConfig): [Component, Component, Component] {
  return [
    postgresComponent(config),
    kafkaComponent(config),
    registryComponent(config, adminUrl(config)),
  ];
}

/**
 * Stops the processes of a stack directory and removes it. Kafka and the registry are killed
 * (SIGKILL): their data goes with the directory, so a controlled shutdown would only cost seconds;
 * PostgreSQL gets its fast shutdown (SIGINT), which ends its backends too.
 */
async function teardown(home: string, config: StackConfig): Promise<void> {
  const [postgres, kafka, registry] = components(config);
  await Promise.all([
    stopDaemon(registry.daemon, 10_000, 'SIGKILL'),
    stopDaemon(kafka.daemon, 10_000, 'SIGKILL'),
  ]);
  await stopDaemon(postgres.daemon, 15_000, 'SIGINT');
  rmSync(home, { recursive: true, force: true });
}

/**
 * Removes the isolated stacks whose owner process is gone (a run killed before it could clean up),
 * their processes first.
 */
export async function sweepIsolatedStacks(
  stacksDir: string,
  dist: string,
  log: (line: string) => void,
): Promise<void> {
  if (!existsSync(stacksDir)) return;
  for (const name of readdirSync(stacksDir)) {
    const home = join(stacksDir, name);
    const base = Number(name);
    const ownerFile = join(home, OWNER_FILE);
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : undefined;
    // No owner yet: a run is claiming the slot right now (its directory first, then the file),
    // unless that was long ago.
    const claiming = owner === undefined && Date.now() - statSync(home).mtimeMs < CLAIM_GRACE_MS;
    if (!Number.isInteger(base) || claiming || (owner !== undefined && isAlive(owner))) continue;
    log(`removing the isolated stack left in ${home} (its run ended without cleaning up)`);
    await teardown(home, isolatedConfig(home, dist, base));
  }
}

/** Claims the first slot whose directory is free and whose ports nobody listens on. */
async function claimSlot(options: IsolatedStackOptions): Promise<number> {
  const { first, slots, width } = ISOLATED_PORTS;
  const bases =
    options.portBase !== undefined
      ? [options.portBase]
      : Array.from({ length: slots }, (_, i) => first + i * width);
  mkdirSync(options.stacksDir, { recursive: true });
  for (const base of bases) {
    const home = join(options.stacksDir, String(base));
    try {
      mkdirSync(home); // the claim: fails when another run holds the slot
    } catch {
      continue;
    }
    writeFileSync(join(home, OWNER_FILE), String(process.pid));
    const ports = Object.values(slotPorts(base));
    const free = await Promise.all(ports.map(portIsFree));
    if (free.every(Boolean)) return base;
    rmSync(home, { recursive: true, force: true });
  }
  throw new StackError(
    `No free slot for an isolated stack: ports ${bases[0]}-${(bases.at(-1) ?? 0) + ISOLATED_PORTS.width - 1} are taken (other runs, or processes left by a killed one); see ${options.stacksDir}.`,
  );
}

/** Starts an isolated stack and resolves once PostgreSQL, Kafka and the registry answer. */
export async function startIsolatedStack(options: IsolatedStackOptions): Promise<IsolatedStack> {
  const { log } = options;
  await sweepIsolatedStacks(options.stacksDir, options.dist, log);
  const base = await claimSlot(options);
  const home = join(options.stacksDir, String(base));
  const config = isolatedConfig(home, options.dist, base);
  const all = components(config);
  const [postgres, kafka, registry] = all;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= teardown(home, config));
  options.onClaimed?.(stop);
  const healthy = (c: Component): Promise<void> =>
    waitUntil(c.label, () => c.healthy(), {
      timeoutMs: c.startTimeoutMs,
      daemon: c.daemon,
      progress: log,
    });
  try {
    if (!existsSync(config.dist)) {
      throw new StackError(
        `${config.dist} does not exist: run 'npm run stack -- up' once, which resolves the distributions the isolated stack reuses.`,
      );
    }
    for (const c of all) await c.preflight();
    await postgres.start(log);
    await healthy(postgres);
    await postgres.afterHealthy?.(() => undefined);
    await kafka.start(log);
    await registry.start(log);
    await Promise.all([healthy(kafka), healthy(registry)]);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    home,
    endpoints: {
      kafkaBrokers: kafka.endpoint,
      schemaRegistryUrl: registry.endpoint,
      databaseUrl: postgres.endpoint,
    },
    stop,
  };
}
