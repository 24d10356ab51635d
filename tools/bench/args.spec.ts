import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArgsError, DEFAULT_RATES, parseBenchArgs } from './args.ts';

describe('parseBenchArgs', () => {
  it('keeps the burst CLI: benchmark, count and connections, with the old defaults', () => {
    assert.deepEqual(parseBenchArgs(['discharge', '200', '4']), {
      mode: 'burst',
      bench: 'discharge',
      count: 200,
      connections: 4,
      tracing: 'off',
      cpuProfile: false,
    });
    assert.deepEqual(parseBenchArgs(['sagas', '300']), {
      mode: 'burst',
      bench: 'sagas',
      count: 300,
      connections: 4,
      tracing: 'off',
      cpuProfile: false,
    });
    const ingest = parseBenchArgs(['ingest']);
    assert.equal(ingest.mode === 'burst' && ingest.count, 1000);
    const implants = parseBenchArgs(['implants']);
    assert.equal(implants.mode === 'burst' && implants.count, 200);
  });

  it('reads --tracing for discharge (both spellings) and --cpu-prof anywhere', () => {
    const a = parseBenchArgs(['discharge', '--tracing', 'both', '50', '--cpu-prof']);
    assert.equal(a.tracing, 'both');
    assert.equal(a.cpuProfile, true);
    assert.equal(a.mode === 'burst' && a.count, 50);
    assert.equal(parseBenchArgs(['discharge', '--tracing=on']).tracing, 'on');
  });

  it('turns to open loop with --rates or --duration, the other taking its default', () => {
    assert.deepEqual(parseBenchArgs(['discharge', '--rates', '10,20', '--duration', '10']), {
      mode: 'open-loop',
      bench: 'discharge',
      rates: [10, 20],
      durationS: 10,
      drainS: 30,
      tracing: 'off',
      cpuProfile: false,
    });
    const defaults = parseBenchArgs(['ingest', '--open-loop']);
    assert.equal(defaults.mode, 'open-loop');
    if (defaults.mode !== 'open-loop') return;
    assert.deepEqual(defaults.rates, DEFAULT_RATES.ingest);
    assert.equal(defaults.durationS, 60);
    assert.equal(defaults.drainS, 60);
    const drained = parseBenchArgs(['sagas', '--duration', '90', '--drain', '5']);
    assert.equal(drained.mode === 'open-loop' && drained.drainS, 5);
    assert.deepEqual(drained.mode === 'open-loop' && drained.rates, [25, 50, 100, 150]);
  });

  it('refuses what it cannot run, naming the argument', () => {
    const refused: [string[], RegExp][] = [
      [[], /unknown benchmark ''/],
      [['sagsa'], /unknown benchmark 'sagsa'/],
      [['sagas', '0'], /count must be a whole number/],
      [['ingest', '10', 'x'], /connections must be a whole number/],
      [['ingest', '1', '2', '3'], /too many arguments/],
      [['sagas', '--tracing', 'on'], /discharge only/],
      [['discharge', '--tracing', 'sometimes'], /off, on or both/],
      [['discharge', '--rates', '10,,20'], /each rate must be a number > 0, got ''/],
      [['discharge', '--rates', '10,-5'], /each rate must be a number > 0, got '-5'/],
      [['discharge', '--duration'], /--duration needs a value/],
      [['implants', '--rates', '10'], /implants has no open-loop mode/],
      [['discharge', '50', '--rates', '10'], /open loop takes no count/],
      [['discharge', '--rates', '10', '--tracing', 'both'], /burst mode/],
      [['hl7-parse', '--cpu-prof'], /--cpu-prof needs a benchmark with processes/],
      [['sagas', '--fast'], /unknown option --fast/],
    ];
    for (const [argv, message] of refused) {
      assert.throws(
        () => parseBenchArgs(argv),
        (e: unknown) => {
          assert.ok(e instanceof ArgsError, `${argv.join(' ')}: an ArgsError`);
          assert.match(e.message, message);
          return true;
        },
      );
    }
  });
});
