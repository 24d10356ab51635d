import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStatus } from './rss.ts';

describe('parseStatus', () => {
  it('reads VmRSS and VmHWM (kB) as MB', () => {
    const status = [
      'Name:\tnode',
      'VmPeak:\t 1835080 kB',
      'VmHWM:\t  262144 kB',
      'VmRSS:\t  181660 kB',
      'Threads:\t11',
    ].join('\n');
    assert.deepEqual(parseStatus(status), { rssMb: 177.4, hwmMb: 256 });
  });

  it('answers undefined for a process without memory lines (a zombie, a kernel thread)', () => {
    assert.equal(parseStatus('Name:\tkthreadd\nState:\tS (sleeping)\n'), undefined);
  });
});
