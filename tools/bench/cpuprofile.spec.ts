import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortUrl, topFrames, type CpuProfile } from './cpuprofile.ts';

const frame = (functionName: string, url = '', lineNumber = 0, columnNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber,
});

/**
 * root → (idle), (program), encode (avsc), handle (service, reached twice: the first calls an
 * anonymous function of a lib), GC.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 3, 4, 5, 6, 8] },
    { id: 2, callFrame: frame('(idle)') },
    { id: 3, callFrame: frame('(program)') },
    { id: 4, callFrame: frame('encode', 'file:///w/node_modules/avsc/lib/types.js', 9, 4) },
    { id: 5, callFrame: frame('handle', 'file:///w/services/a/dist/x.js', 0, 0), children: [7] },
    { id: 6, callFrame: frame('handle', 'file:///w/services/a/dist/x.js', 0, 0) },
    { id: 7, callFrame: frame('', 'file:///w/libs/m/dist/y.js', 2, 1) },
    { id: 8, callFrame: frame('(garbage collector)') },
  ],
  startTime: 1_000,
  // Samples at 1000+[0,100,300,600,1000,1500,2100] µs; each lasts until the next, the last
  // until endTime.
  samples: [2, 4, 5, 6, 7, 8, 3],
  timeDeltas: [0, 100, 200, 300, 400, 500, 600],
  endTime: 1_000 + 2_100 + 900,
};

describe('topFrames', () => {
  it('attributes each sample the time until the next one and merges a frame reached twice', () => {
    const result = topFrames(profile, 10, '/w');
    assert.equal(result.idleMs, 0.1);
    assert.equal(result.busyMs, 2.9);
    assert.deepEqual(
      result.top.map((f) => [f.frame, f.selfMs]),
      [
        ['handle (services/a/dist/x.js:1:1)', 0.7],
        ['(program)', 0.9],
        ['(garbage collector)', 0.6],
        ['(anonymous) (libs/m/dist/y.js:3:2)', 0.5],
        ['encode (node_modules/avsc/lib/types.js:10:5)', 0.2],
      ].sort((a, b) => Number(b[1]) - Number(a[1])),
    );
    const handle = result.top.find((f) => f.frame.startsWith('handle'));
    assert.equal(handle?.selfPercent, 24.1);
  });

  it('counts only the time inside a window of the clock, cutting samples at its edges', () => {
    // Samples at µs 1000 (idle, to 1100), 1100 (encode, to 1300), 1300 (handle, to 1600),
    // 1600 (handle, to 2000), ...: the window 1200-1700 holds 100 of encode, 400 of handle.
    const cut = topFrames(profile, 10, '/w', [{ fromUs: 1_200, toUs: 1_700 }]);
    assert.deepEqual(
      cut.top.map((f) => [f.frame, f.selfMs, f.selfPercent]),
      [
        ['handle (services/a/dist/x.js:1:1)', 0.4, 80],
        ['encode (node_modules/avsc/lib/types.js:10:5)', 0.1, 20],
      ],
    );
    assert.equal(cut.idleMs, 0);
    assert.deepEqual(topFrames(profile, 10, '/w', [{ fromUs: 9_000, toUs: 9_500 }]).top, []);
  });

  it('adds up the time of several windows and leaves out what falls between them', () => {
    // 1100-1200 of encode, then 1600-2000 of handle (node 6): the handle of 1300-1600 is between.
    const cut = topFrames(profile, 10, '/w', [
      { fromUs: 1_100, toUs: 1_200 },
      { fromUs: 1_600, toUs: 2_000 },
    ]);
    assert.deepEqual(
      cut.top.map((f) => [f.frame, f.selfMs]),
      [
        ['handle (services/a/dist/x.js:1:1)', 0.4],
        ['encode (node_modules/avsc/lib/types.js:10:5)', 0.1],
      ],
    );
  });

  it('gives each code frame the time of its subtree, once per sample, without V8 entries', () => {
    // handle: its own 300 + 400 µs and the 500 of the function it called; (program) and the
    // garbage collector are not code frames.
    const { bySubtree } = topFrames(profile, 10, '/w');
    assert.deepEqual(
      bySubtree.map((f) => [f.frame, f.totalMs, f.totalPercent]),
      [
        ['handle (services/a/dist/x.js:1:1)', 1.2, 41.4],
        ['(anonymous) (libs/m/dist/y.js:3:2)', 0.5, 17.2],
        ['encode (node_modules/avsc/lib/types.js:10:5)', 0.2, 6.9],
      ],
    );
  });

  it('keeps only the top `limit` frames and copes with a profile without samples', () => {
    assert.equal(topFrames(profile, 2).top.length, 2);
    const empty = topFrames({ nodes: [], startTime: 0, endTime: 10 }, 5);
    assert.deepEqual(empty, { busyMs: 0, idleMs: 0, top: [], bySubtree: [] });
  });
});

describe('shortUrl', () => {
  it('cuts the scheme, the workspace root and everything before a package', () => {
    assert.equal(shortUrl('file:///w/libs/a.js', '/w'), 'libs/a.js');
    assert.equal(
      shortUrl('file:///w/node_modules/.pnpm/node_modules/kafkajs/src/x.js', '/w'),
      'node_modules/kafkajs/src/x.js',
    );
    assert.equal(
      shortUrl('node:internal/streams/readable', '/w'),
      'node:internal/streams/readable',
    );
  });
});
