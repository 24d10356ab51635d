import { rmSync, writeFileSync } from 'node:fs';
import type { StackEndpointsFile } from '@meridian/testing';
import type { Component } from './component.ts';
import { loadStackConfig, stackPaths, type StackConfig } from './config.ts';
import { jaegerComponent, jaegerEndpoints } from './jaeger.ts';
import { kafkaComponent } from './kafka.ts';
import { keycloakComponent } from './keycloak.ts';
import { adminUrl, postgresComponent } from './postgres.ts';
import { runningPid, stopDaemon, waitUntil } from './process.ts';
import { registryComponent } from './registry.ts';

export type Log = (line: string) => void;

export interface UpResult {
  readonly endpoints: StackEndpointsFile;
  /** True when this call started at least one component (so a caller may stop it again). */
  readonly started: boolean;
}

/**
 * In start order: the registry and Keycloak store their data in PostgreSQL; Jaeger needs nothing
 * else.
 */
export function components(config: StackConfig): readonly Component[] {
  return [
    postgresComponent(config),
    kafkaComponent(config),
    registryComponent(config, adminUrl(config)),
    jaegerComponent(config),
    keycloakComponent(config, adminUrl(config)),
  ];
}

type Plan = 'already up' | 'external' | 'start' | 'starting';

/** What `up` has to do for a component; an external one that does not answer is an error. */
async function plan(component: Component): Promise<Plan> {
  if (await component.healthy()) return component.external ? 'external' : 'already up';
  if (component.external) {
    throw new Error(
      `${component.label} given at ${component.endpoint} does not answer its health check: check the URL or unset the variable.`,
    );
  }
  return runningPid(component.daemon) === undefined ? 'start' : 'starting';
}

async function awaitHealthy(component: Component, log: Log): Promise<void> {
  await waitUntil(component.label, () => component.healthy(), {
    timeoutMs: component.startTimeoutMs,
    daemon: component.daemon,
    progress: log,
  });
}

/**
 * Brings every component up and health-checks it before returning; idempotent. PostgreSQL first
 * (the registry and Keycloak keep their data there), then Kafka, the registry, Keycloak and Jaeger
 * start side by side (Keycloak's optimized server and Jaeger's binary are built first when
 * missing).
 */
export async function up(log: Log, config: StackConfig = loadStackConfig()): Promise<UpResult> {
  const all = components(config);
  const [postgres, kafka, registry, jaeger, keycloak] = all as [
    Component,
    Component,
    Component,
    Component,
    Component,
  ];
  const plans = new Map<Component, Plan>();
  for (const c of all) plans.set(c, await plan(c));
  // Every prerequisite is checked before anything starts, so a failure leaves nothing half-up.
  for (const c of all) if (plans.get(c) === 'start') await c.preflight();
  const launch = async (c: Component): Promise<void> => {
    if (plans.get(c) !== 'start') return;
    log(`Starting ${c.label} ...`);
    await c.start(log);
  };
  const settle = async (c: Component): Promise<void> => {
    if (plans.get(c) === 'start' || plans.get(c) === 'starting') await awaitHealthy(c, log);
  };
  try {
    await launch(postgres);
    await settle(postgres);
    await postgres.afterHealthy?.(log);
    // Keycloak launches before Jaeger: its first boot (schema, realm import) then runs while
    // Jaeger's binary is still being built.
    const rest = [kafka, registry, keycloak, jaeger];
    for (const c of rest) await launch(c);
    for (const c of rest) await settle(c);
  } catch (error) {
    // A component that did not come up: what this call started is stopped again (data stays), so
    // no daemon outlives a failed `up` on ports the next one needs.
    for (const c of [...all].reverse()) {
      if (plans.get(c) === 'start') await stopDaemon(c.daemon);
    }
    throw error;
  }
  for (const [c, p] of plans) {
    const state = p === 'start' || p === 'starting' ? 'up' : p;
    log(`${state.padEnd(11)} ${c.label.padEnd(58)} ${c.endpoint}`);
  }
  const endpoints: StackEndpointsFile = {
    kafkaBrokers: kafka.endpoint,
    schemaRegistryUrl: registry.endpoint,
    databaseUrl: postgres.endpoint,
    ...jaegerEndpoints(config),
    oidcIssuer: keycloak.endpoint,
  };
  writeFileSync(stackPaths(config).endpoints, `${JSON.stringify(endpoints, null, 2)}\n`);
  return { endpoints, started: [...plans.values()].includes('start') };
}

/** Stops, by pid, only what this stack started; data and logs stay. */
export async function down(log: Log, config: StackConfig = loadStackConfig()): Promise<void> {
  rmSync(stackPaths(config).endpoints, { force: true });
  for (const c of [...components(config)].reverse()) {
    if (c.external) {
      log(`external    ${c.label} (left alone)`);
      continue;
    }
    log(`${(await stopDaemon(c.daemon)).padEnd(11)} ${c.label}`);
  }
}

export interface ComponentStatus {
  readonly name: Component['name'];
  readonly label: string;
  readonly endpoint: string;
  readonly state: 'up' | 'down';
  readonly managedBy: 'stack' | 'external';
  readonly pid?: number;
}

export async function status(config: StackConfig = loadStackConfig()): Promise<ComponentStatus[]> {
  return Promise.all(
    components(config).map(async (c): Promise<ComponentStatus> => {
      const pid = runningPid(c.daemon);
      return {
        name: c.name,
        label: c.label,
        endpoint: c.endpoint,
        state: (await c.healthy()) ? 'up' : 'down',
        managedBy: c.external ? 'external' : 'stack',
        ...(pid !== undefined ? { pid } : {}),
      };
    }),
  );
}

export function logFiles(config: StackConfig = loadStackConfig()): Map<Component['name'], string> {
  return new Map(components(config).map((c) => [c.name, c.daemon.logFile]));
}
