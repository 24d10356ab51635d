// `npm start`: brings up the local stack, builds, and runs every service with the stack's endpoints.
// Ctrl-C stops the services; the stack stays up (`npm run stack -- down` stops it).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { up } from '../stack/stack.ts';
import { withDatabase } from '../stack/urls.ts';
import { projects, ROOT, run, serviceDatabase } from './workspace.ts';

const log = (line: string): void => console.log(line);

function startService(projectRoot: string, env: NodeJS.ProcessEnv): ChildProcess {
  const name = projectRoot.split('/').pop() ?? projectRoot;
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => log(`[${name}] ${line}`));
  }
  child.once('exit', (code, signal) => log(`[${name}] exited (${signal ?? code})`));
  return child;
}

const { endpoints } = await up(log);
if ((await run('tsc', ['-b', 'tsconfig.build.json'])) !== 0) {
  console.error('start: the build failed; see the errors above.');
  process.exit(1);
}
const services = projects('services').filter((p) => existsSync(join(ROOT, p, 'dist', 'main.js')));
const children = services.map((p) =>
  startService(p, {
    KAFKA_BROKERS: endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    DATABASE_URL: withDatabase(endpoints.databaseUrl, serviceDatabase(p)),
  }),
);
log(`started ${services.length} service(s): ${services.join(', ')}; Ctrl-C stops them`);

const stop = (): void => {
  for (const child of children) child.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
await Promise.all(children.map((c) => new Promise((resolve) => c.once('close', resolve))));
