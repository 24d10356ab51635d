// `npm start`: brings up the local stack, builds, registers the schemas, runs every service with the
// stack's endpoints on its own port and database, then feeds demo ADT traffic over MLLP.
// Ctrl-C stops the feeder and the services; the stack stays up (`npm run stack -- down` stops it).
import { join } from 'node:path';
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
const names = builtServices();
const mllpPort = Number(process.env['MLLP_PORT'] ?? 2575);
const starts = await Promise.allSettled(
  names.map((name) =>
    startServiceProcess(name, {
      databaseUrl: withDatabase(endpoints.databaseUrl, serviceDatabase(`services/${name}`)),
      port: null,
      env: { MLLP_PORT: String(mllpPort) },
      onLine: (line) => log(`[${name}] ${line}`),
    }),
  ),
);
const services = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
const failed = starts.find((s) => s.status === 'rejected');
if (failed) {
  // Leave nothing running behind: the services that did start are stopped again.
  await Promise.all(services.map((s) => s.stop()));
  const reason: unknown = failed.reason;
  fail(reason instanceof Error ? reason.message : String(reason));
}
log(`\nstarted ${services.length} services:`);
for (const s of services) log(`  ${s.name.padEnd(20)} ${s.url}  (OpenAPI ${s.url}/docs)`);

const demo = new AbortController();
if (process.env['DEMO'] !== 'off') {
  const { runFeeder } = await import('../demo/feeder.ts');
  const intervalMs = Number(process.env['DEMO_INTERVAL_MS'] ?? 2_000);
  log(
    `demo feeder: ADT over MLLP to localhost:${mllpPort} every ${intervalMs} ms (DEMO=off disables)`,
  );
  void runFeeder({
    mllpPort,
    urls: Object.fromEntries(services.map((s) => [s.name, s.url])),
    intervalMs,
    log: (line) => log(`[demo] ${line}`),
    signal: demo.signal,
  }).catch((error: unknown) =>
    log(`[demo] stopped: ${error instanceof Error ? error.message : String(error)}`),
  );
}

const stop = async (): Promise<void> => {
  demo.abort();
  await Promise.all(services.map((s) => s.stop()));
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
await Promise.all(services.map((s) => s.exited));
