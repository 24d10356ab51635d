// The local stack CLI: npm run stack -- up | down | status | logs [postgres|kafka|registry|jaeger|keycloak] [-f]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StackError } from './errors.ts';
import { down, logFiles, status, up } from './stack.ts';

const USAGE =
  'usage: npm run stack -- up | down | status | logs [postgres|kafka|registry|jaeger|keycloak] [-f]';
const log = (line: string): void => console.log(line);

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      await up(log);
      log('stack is up');
      return 0;
    case 'down':
      await down(log);
      return 0;
    case 'status': {
      const rows = await status();
      for (const r of rows) {
        const pid =
          r.managedBy === 'external' ? 'external' : r.pid !== undefined ? `pid ${r.pid}` : '-';
        log(
          `${r.name.padEnd(9)} ${r.state.padEnd(5)} ${r.endpoint.padEnd(48)} ${pid.padEnd(10)} ${r.label}`,
        );
      }
      return rows.every((r) => r.state === 'up') ? 0 : 3;
    }
    case 'logs': {
      const follow = rest.includes('-f');
      const wanted = rest.filter((a) => a !== '-f');
      const files = [...logFiles()]
        .filter(([name]) => wanted.length === 0 || wanted.includes(name))
        .map(([, f]) => f)
        .filter(existsSync);
      if (files.length === 0) throw new StackError('No logs yet: the stack has not been started.');
      const tail = spawn('tail', ['-n', '100', ...(follow ? ['-F'] : []), ...files], {
        stdio: 'inherit',
      });
      return new Promise((resolve) => tail.once('close', (code) => resolve(code ?? 0)));
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`stack: ${message}`);
    process.exit(1);
  },
);
