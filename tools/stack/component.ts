import type { Daemon } from './process.ts';

/** One piece of infrastructure the stack manages, or checks when it is given from outside. */
export interface Component {
  readonly name: 'postgres' | 'kafka' | 'registry' | 'jaeger' | 'keycloak';
  readonly label: string;
  /** What clients use (host:port list, URL). */
  readonly endpoint: string;
  /** Set when an environment variable names an existing instance: never started or stopped here. */
  readonly external: boolean;
  readonly daemon: Daemon;
  readonly startTimeoutMs: number;
  /** The component's health check (metadata request, GET /subjects, SELECT 1, GET /api/services, OIDC discovery). */
  healthy(): Promise<boolean>;
  /** Prerequisites (Java, Go, free ports): checked for every component before any is started. */
  preflight(): Promise<void>;
  /** Launches the process (without waiting for health). */
  start(log: (line: string) => void): Promise<void>;
  /** Work after the component answered its health check (e.g. create databases). */
  afterHealthy?(log: (line: string) => void): Promise<void>;
}

export function daemonFor(name: string, run: string, logs: string): Daemon {
  return { name, pidFile: `${run}/${name}.pid`, logFile: `${logs}/${name}.log` };
}
