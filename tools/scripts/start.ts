// `npm start`: brings up the local stack, builds, registers the schemas, runs every service with the
// stack's endpoints on its own port and database, then feeds demo ADT traffic over MLLP.
// Ctrl-C stops the feeder and the services; the stack stays up (`npm run stack -- down` stops it).
// The services take bearer tokens of the stack's Keycloak (OIDC_ISSUER); the feeder calls them with
// its service account's, and signs HR events with this run's HR_WEBHOOK_SECRET.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { renewingToken } from '../demo/api.ts';
import { loadStackConfig } from '../stack/config.ts';
import { demoServiceToken } from '../stack/oidc.ts';
import { up } from '../stack/stack.ts';
import { withDatabase } from '../stack/urls.ts';
import { run, serviceDatabase } from './workspace.ts';

const log = (line: string): void => console.log(line);
const fail = (message: string): never => {
  console.error(`start: ${message}`);
  process.exit(1);
};

const { endpoints } = await up(log);
const stackEnv = {
  KAFKA_BROKERS: endpoints.kafkaBrokers,
  SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
  // Every service sends its spans to the stack's Jaeger and links its traces there.
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.otlpEndpoint,
  JAEGER_URL: endpoints.jaegerUrl,
  // Every service verifies the callers' bearer tokens against the stack's Keycloak realm.
  OIDC_ISSUER: endpoints.oidcIssuer,
  // A local run stays on this machine (a container binds every interface: the default).
  HTTP_HOST: process.env['HTTP_HOST'] ?? '127.0.0.1',
  MLLP_HOST: process.env['MLLP_HOST'] ?? '127.0.0.1',
};
if ((await run('tsc', ['-b', 'tsconfig.build.json'])) !== 0) fail('the build failed; see above.');
if (
  (await run('node', [join('tools', 'schemas', 'main.ts'), 'register'], {
    ...process.env,
    ...stackEnv,
  })) !== 0
)
  fail('registering the schemas failed; see above.');

// Services run as the tests run them: each its own process, ready once it logged `<name> listening`.
Object.assign(process.env, stackEnv);
const { builtServices, startServiceProcess } = await import('@meridian/testing');
// Should the process that ran this one go (a terminal closed, npm killed), this one stops too, with
// its services (SIGTERM to itself: the handler below); each service also stops with its parent.
const { createLogger, stopWithParent } = await import('@meridian/telemetry');
stopWithParent(createLogger({ name: 'start' }));
const names = builtServices();
const mllpPort = Number(process.env['MLLP_PORT'] ?? 2575);
// SERVICE_PORTS=any puts each service on a free HTTP port (the list below says which), e.g. beside
// another platform; default (`default`) each service's own port (3001 to 3007).
const servicePorts = process.env['SERVICE_PORTS'] ?? 'default';
if (servicePorts !== 'default' && servicePorts !== 'any')
  fail(`SERVICE_PORTS must be 'default' or 'any', not '${servicePorts}'.`);
// The HR system's shared secret: HR_WEBHOOK_SECRET when given, else one for this run only (never
// printed); workforce-sync checks the webhook's signatures with it, the feeder signs with it.
const hrWebhookSecret = process.env['HR_WEBHOOK_SECRET']?.trim() || randomBytes(32).toString('hex');
const starts = await Promise.allSettled(
  names.map((name) =>
    startServiceProcess(name, {
      databaseUrl: withDatabase(endpoints.databaseUrl, serviceDatabase(`services/${name}`)),
      port: servicePorts === 'any' ? 0 : null,
      env: {
        MLLP_PORT: String(mllpPort),
        ...(name === 'workforce-sync' ? { HR_WEBHOOK_SECRET: hrWebhookSecret } : {}),
      },
      onLine: (line) => log(`[${name}] ${line}`),
    }),
  ),
);
const services = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));

const demo = new AbortController();

/** Stops every service it started (SIGTERM, each timed), then exits with `code`. */
let stopping = false;
const stopAll = async (code: number): Promise<never> => {
  stopping = true;
  demo.abort();
  await Promise.all(
    services.map(async (s) => {
      const since = performance.now();
      const exit = await s.stop();
      const seconds = ((performance.now() - since) / 1000).toFixed(1);
      log(`stopped ${s.name.padEnd(20)} in ${seconds} s (${exit.code ?? exit.signal})`);
    }),
  );
  process.exit(code);
};
// The signal handlers come first, before anything else awaits (the demo feeder's import): a
// SIGTERM in between would end this process without the services' timed stop.
process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
// Whatever ends this process, no service outlives it: a failure here stops them all first, and
// each service also stops on its own when this process is gone (kill -9).
process.once('uncaughtException', (error) => {
  console.error(`start: ${error.message}`);
  void stopAll(1);
});
process.once('exit', () => {
  for (const s of services) {
    try {
      process.kill(s.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});
const failed = starts.find((s) => s.status === 'rejected');
if (failed) {
  const reason: unknown = failed.reason;
  console.error(`start: ${reason instanceof Error ? reason.message : String(reason)}`);
  await stopAll(1);
}
log(`\nstarted ${services.length} services:`);
for (const s of services) log(`  ${s.name.padEnd(20)} ${s.url}  (OpenAPI ${s.url}/docs)`);
log(
  `calls take a bearer token of ${endpoints.oidcIssuer}: curl -H "Authorization: Bearer $(npm run -s token -- <role>)" ...`,
);

if (process.env['DEMO'] !== 'off') {
  const { runFeeder } = await import('../demo/feeder.ts');
  const intervalMs = Number(process.env['DEMO_INTERVAL_MS'] ?? 2_000);
  log(
    `demo feeder: ADT over MLLP to localhost:${mllpPort} every ${intervalMs} ms (DEMO=off disables)`,
  );
  const config = loadStackConfig();
  void runFeeder({
    mllpPort,
    urls: Object.fromEntries(services.map((s) => [s.name, s.url])),
    token: renewingToken(() => demoServiceToken(config)),
    hrWebhookSecret,
    intervalMs,
    log: (line) => log(`[demo] ${line}`),
    signal: demo.signal,
  }).catch((error: unknown) =>
    log(`[demo] stopped: ${error instanceof Error ? error.message : String(error)}`),
  );
}

// A service that exits by itself (it failed) takes the others down with it: a half platform is
// not what `npm start` promised.
const first = await Promise.race(services.map(async (s) => ({ s, exit: await s.exited })));
if (!stopping) {
  console.error(
    `start: ${first.s.name} exited (${first.exit.code ?? first.exit.signal}); stopping the others`,
  );
  await stopAll(1);
}
