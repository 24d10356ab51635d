// The port a new service listens on: each service reserves one (DEFAULTS.port of its
// src/config/app.config.ts; the compose file publishes it on the host), so the platform runs on
// one machine with every service on its own port.
import type { Tree } from '@nx/devkit';
import { parse } from 'yaml';

export const COMPOSE_FILE = 'deploy/compose/docker-compose.yml';

/** `port: <n>` inside `DEFAULTS = { ... }` of a service's config. */
const DEFAULTS_PORT = /\bDEFAULTS\s*=\s*\{[^}]*\bport:\s*(\d+)/;

/** What holds a port: a service (its DEFAULTS) or a container of the compose file. */
export interface PortHolder {
  readonly port: number;
  readonly holder: string;
  /** Whether it is a service's reserved port (the next free port counts from the highest). */
  readonly service: boolean;
}

/** The reserved port of each service of services/ whose config has DEFAULTS. */
export function servicePorts(tree: Tree): PortHolder[] {
  if (!tree.exists('services')) return [];
  return tree.children('services').flatMap((name) => {
    const config = tree.read(`services/${name}/src/config/app.config.ts`, 'utf-8');
    const match = config ? DEFAULTS_PORT.exec(config) : null;
    return match ? [{ port: Number(match[1]), holder: `services/${name}`, service: true }] : [];
  });
}

/** The host ports the compose file publishes (`'3001:8080'`, `'127.0.0.1:9092:9092'`). */
export function composePorts(tree: Tree): PortHolder[] {
  const text = tree.read(COMPOSE_FILE, 'utf-8');
  if (!text) return [];
  const document = parse(text) as {
    services?: Record<string, { ports?: (string | number)[] }>;
  } | null;
  return Object.entries(document?.services ?? {}).flatMap(([name, container]) =>
    (container.ports ?? []).flatMap((published) => {
      const parts = String(published).split(':');
      const host = Number(parts.length > 1 ? parts[parts.length - 2] : parts[0]);
      return Number.isInteger(host)
        ? [{ port: host, holder: `${COMPOSE_FILE} (${name})`, service: false }]
        : [];
    }),
  );
}

/** The highest reserved service port + 1, skipping ports anything holds; 3001 with no service. */
export function nextFreePort(held: readonly PortHolder[]): number {
  const reserved = held.filter((h) => h.service).map((h) => h.port);
  const taken = new Set(held.map((h) => h.port));
  let port = reserved.length > 0 ? Math.max(...reserved) + 1 : 3001;
  while (taken.has(port)) port += 1;
  return port;
}

/** `wanted` when nothing holds it; else an error naming what does. */
export function portProblem(held: readonly PortHolder[], wanted: number): string | undefined {
  const holders = held.filter((h) => h.port === wanted).map((h) => h.holder);
  return holders.length > 0
    ? `--port ${wanted} is taken by ${[...new Set(holders)].join(' and ')}`
    : undefined;
}
