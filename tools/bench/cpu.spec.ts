import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import {
  cpuAccount,
  cpuMeter,
  formatCpu,
  formatPeakRss,
  parseMachineBusy,
  parseStat,
  postgresBackendLabel,
} from './cpu.ts';

/** A /proc/<pid>/stat line: utime 1200, stime 345, cutime 80, cstime 7, starttime 6902063. */
const statOf = (name: string): string =>
  `21153 (${name}) S 21151 21151 16530 0 -1 4194304 99 0 0 0 1200 345 80 7 20 0 1 0 6902063 3133440 361 18446744073709551615 94285037367296 94285037387177 140722629498272 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 94285037403184 94285037404800 94285385523200 140722629503683 140722629503703 140722629503703 140722629505003 0\n`;

describe('parseStat', () => {
  it('reads utime + stime, cutime + cstime and the start time (clock ticks)', () => {
    assert.deepEqual(parseStat(statOf('postgres')), {
      own: 1545,
      endedChildren: 87,
      startTime: 6902063,
    });
  });

  it('counts the fields from the last parenthesis: a name may hold spaces and parentheses', () => {
    assert.deepEqual(parseStat(statOf('my (odd) 1 2 3) proc')), parseStat(statOf('node')));
    assert.deepEqual(parseStat(statOf(') S 9 9 9')), parseStat(statOf('node')));
  });

  it('answers undefined for text that is not a stat line', () => {
    assert.equal(parseStat(''), undefined);
    assert.equal(parseStat('21153 (node) S 1 2 3'), undefined);
  });
});

describe('parseMachineBusy', () => {
  it('sums user, nice, system, irq and softirq of the first line, not idle, iowait or steal', () => {
    const stat = [
      'cpu  5680571 17525 1285773 6534930 59646 0 89900 43523 0 0',
      'cpu0 2723937 9002 570415 3471723 11142 0 39675 21772 0 0',
      'intr 1 2 3',
    ].join('\n');
    assert.equal(parseMachineBusy(stat), 5680571 + 17525 + 1285773 + 0 + 89900);
  });

  it('answers undefined without the line', () => {
    assert.equal(parseMachineBusy('intr 1 2 3\n'), undefined);
  });
});

describe('cpuAccount', () => {
  const facts = { windowSeconds: 10, cores: 2, unit: 'saga', units: 200, machineCpuSeconds: 19 };

  it('gives each component its seconds, share and milliseconds per unit, the largest first', () => {
    const account = cpuAccount(facts, { bench: 0.2, 'saga-orchestrator': 7.6, postgres: 4.2 });
    assert.deepEqual(account, {
      windowSeconds: 10,
      cores: 2,
      unit: 'saga',
      units: 200,
      totalCpuSeconds: 12,
      utilization: 0.6,
      msPerUnit: 60,
      ceilingPerSecond: 33.3,
      machineCpuSeconds: 19,
      machineUtilization: 0.95,
      perComponent: {
        'saga-orchestrator': { cpuSeconds: 7.6, share: 0.633, msPerUnit: 38 },
        postgres: { cpuSeconds: 4.2, share: 0.35, msPerUnit: 21 },
        bench: { cpuSeconds: 0.2, share: 0.017, msPerUnit: 1 },
      },
    });
    assert.deepEqual(Object.keys(account.perComponent), ['saga-orchestrator', 'postgres', 'bench']);
  });

  it('gives the components read their peak resident memory, the others none', () => {
    const account = cpuAccount(
      facts,
      { 'saga-orchestrator': 7.6, postgres: 4.2 },
      { 'saga-orchestrator': 148.5 },
    );
    assert.equal(account.perComponent['saga-orchestrator']?.peakRssMb, 148.5);
    assert.equal('peakRssMb' in (account.perComponent['postgres'] ?? {}), false);
  });

  it("splits a server's seconds by its labelled children's, the rest its own", () => {
    const account = cpuAccount(
      facts,
      { postgres: 4.2 },
      {},
      { postgres: { 'revenue-cycle': 2, 'saga-orchestrator': 1.5 } },
    );
    assert.deepEqual(account.perComponent['postgres']?.parts, {
      'revenue-cycle': { cpuSeconds: 2, msPerUnit: 10 },
      'saga-orchestrator': { cpuSeconds: 1.5, msPerUnit: 7.5 },
      '(server)': { cpuSeconds: 0.7, msPerUnit: 3.5 },
    });
  });

  it('has no milliseconds per unit when no work was done, and no share when no CPU was spent', () => {
    const account = cpuAccount({ ...facts, units: 0 }, { kafka: 0 });
    assert.deepEqual(account.perComponent, { kafka: { cpuSeconds: 0, share: 0, msPerUnit: null } });
    assert.equal(account.utilization, 0);
    assert.equal(account.msPerUnit, null);
    assert.equal(account.ceilingPerSecond, null);
  });
});

describe('formatCpu', () => {
  it('names the cores in use, the CPU per unit, its ceiling and the four largest components', () => {
    const account = cpuAccount(
      { windowSeconds: 4, cores: 2, unit: 'message', units: 2000, machineCpuSeconds: 7.9 },
      { 'encounter-ingest': 2.5, postgres: 1.7, kafka: 1.2, bench: 0.6, registry: 0.01 },
    );
    assert.equal(
      formatCpu(account),
      'cpu 1.5/2 cores (machine 1.98): 3.01 ms/message, CPU-bound ≤ 665.6/s; encounter-ingest 1.25, postgres 0.85, kafka 0.6, bench 0.3 (+1 more)',
    );
  });
});

describe('formatPeakRss', () => {
  const facts = { windowSeconds: 60, cores: 2, unit: 'saga', units: 600, machineCpuSeconds: 90 };

  it('names every component read, the largest first, each at its highest over the windows', () => {
    const at25 = cpuAccount(
      facts,
      { 'revenue-cycle': 3, 'saga-orchestrator': 4, postgres: 9 },
      { 'revenue-cycle': 151.2, 'saga-orchestrator': 140 },
    );
    const at50 = cpuAccount(
      facts,
      { 'revenue-cycle': 6, 'saga-orchestrator': 8, postgres: 18 },
      { 'revenue-cycle': 149, 'saga-orchestrator': 158.7 },
    );
    assert.equal(
      formatPeakRss([at25, at50]),
      'peak RSS MB saga-orchestrator 158.7, revenue-cycle 151.2',
    );
  });

  it('is empty when no memory was read', () => {
    assert.equal(formatPeakRss([cpuAccount(facts, { postgres: 1 })]), '');
  });
});

describe('postgresBackendLabel', () => {
  const title = (text: string): string => `${text}${'\0'.repeat(40)}`;

  it("names the service of a backend's database, without a test database's suffix", () => {
    assert.equal(
      postgresBackendLabel(
        title('postgres: meridian bench_revenue_cycle_mxca7z0f_7524b36a 127.0.0.1(54110) idle'),
      ),
      'revenue-cycle',
    );
    assert.equal(
      postgresBackendLabel(
        title('postgres: meridian apicurio 127.0.0.1(46740) idle in transaction'),
      ),
      'apicurio',
    );
  });

  it("answers undefined for the server's own processes", () => {
    for (const own of ['postgres: checkpointer ', 'postgres: autovacuum launcher ', ''])
      assert.equal(postgresBackendLabel(title(own)), undefined);
  });
});

describe('cpuMeter', () => {
  it("splits a watched server's CPU by what its children's command lines say", async () => {
    const meter = cpuMeter(100);
    const busy = spawn(process.execPath, [
      '-e',
      'const end = Date.now() + 1500; while (Date.now() < end);',
      'busy-child',
    ]);
    try {
      meter.watch('server', process.pid, {
        descendants: true,
        childLabel: (cmdline) => (cmdline.includes('busy-child') ? 'busy' : undefined),
      });
      const window = meter.begin('message');
      await sleep(600);
      const parts = window.end(1).perComponent['server']?.parts ?? {};
      assert.ok((parts['busy']?.cpuSeconds ?? 0) > 0, `busy child: ${JSON.stringify(parts)}`);
      assert.ok('(server)' in parts);
    } finally {
      busy.kill();
      await once(busy, 'exit');
    }
  });

  it("reads a watched process' resident memory in a window, not a database server's", () => {
    const meter = cpuMeter();
    meter.watch('bench', process.pid);
    meter.watch('server', process.ppid, { descendants: true });
    const account = meter.begin('message').end(1);
    const own = account.perComponent['bench']?.peakRssMb ?? 0;
    assert.ok(own > 1, `bench read at ${own} MB`);
    assert.equal(account.perComponent['server']?.peakRssMb, undefined);
  });
});
