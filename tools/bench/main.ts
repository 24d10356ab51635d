// Benchmarks, each next to raw Kafka measured in the same run on the same broker (these machines
// are noisy: compare ratios, not absolute numbers). Every benchmark but hl7-parse runs on an
// isolated stack of its own (bench-stack.ts), removed at the end. Every run writes
// .meridian/bench/<id>.json and prints a one-line summary; progress goes to stderr. Every measured
// window accounts for its CPU per process (cpu.ts): what bounds a run on this machine's cores.
import { join } from 'node:path';
import {
  ArgsError,
  parseBenchArgs,
  type BenchArgs,
  type BurstArgs,
  type OpenLoopArgs,
} from './args.ts';
import { startBenchStack } from './bench-stack.ts';
import { postgresBackendLabel } from './cpu.ts';
import { shortUrl } from './cpuprofile.ts';
import { benchDischarges, dischargeOpenLoop } from './discharge.ts';
import { benchHl7Parse } from './hl7-parse.ts';
import { benchImplants } from './implants.ts';
import { benchIngest, ingestOpenLoop } from './ingest.ts';
import type { OpenLoopResult } from './open-loop.ts';
import { rawKafka, type RawKafka } from './raw-kafka.ts';
import { gitRevision, machineFacts, summaryLine, writeRecord, type BenchRecord } from './result.ts';
import { createRun, profileSummaries, type BenchRun } from './run.ts';
import { benchSagas, sagasOpenLoop } from './sagas.ts';
import { round } from './stats.ts';
import { teardown, teardownOnSignals } from './teardown.ts';
import { ROOT } from '../scripts/workspace.ts';

const USAGE = `usage: npm run bench -- <benchmark> [options]
burst (everything offered at once):
  sagas [count]                      saga engine with scripted participants (default 1000)
  ingest [count] [connections]       HL7 ADT over MLLP, ACK AA once durable (default 1000 4)
  discharge [count] [connections]    discharge-to-revenue through every service (default 200 4)
       [--tracing off|on|both]         spans to Jaeger; both: off then on, and the ratio
  implants [count] [connections]     implant-to-invoice through every service (default 200 4)
  hl7-parse                          HL7 v2 parse time by size (no Kafka, no stack)
open loop (arrivals on a fixed schedule, whatever the platform does):
  sagas|ingest|discharge --rates a,b,c --duration s [--drain s] [--tracing on]
       --open-loop alone: rates 25,50,100,150 (ingest 250,500,1000,2000) for 60 s each;
       --drain: how long stragglers are awaited after a rate (default the duration, ≥ 30 s)
any benchmark with processes:
  --cpu-prof                         CPU profiles (service processes; sagas: the bench process)
                                     under .meridian/bench/<id>/cpu/, cut to the measured windows;
                                     top frames by self time and by subtree printed
each run: an isolated PostgreSQL, Kafka and registry (ports 11000-11099, BENCH_STACK_PORT_BASE),
the main stack's OIDC issuer; result in .meridian/bench/<id>.json, with the CPU time of every
process (services, bench, PostgreSQL with its backends, Kafka, registry) over the measured window
(open loop: each rate), per saga or message`;

/** Kafka hops per unit of work: the ratio of work done to raw Kafka's produce rate. */
const HOPS = {
  // 3 commands, 3 replies.
  sagas: 6,
  // The A03's event, 6 commands and 6 replies.
  discharge: 13,
  // The ADT event.
  ingest: 1,
} as const;

/** Messages of raw Kafka's unmeasured first round. */
const RAW_WARM_UP = 500;
/** The fewest messages raw Kafka is measured with (a burst of 3 implants is no reference). */
const RAW_MIN = 1_000;

const log = (line: string): void => console.error(line);

function reference(raw: RawKafka): RawKafka {
  return {
    messages: raw.messages,
    producePerSecond: round(raw.producePerSecond),
    produceP50Ms: round(raw.produceP50Ms, 2),
    produceP99Ms: round(raw.produceP99Ms, 2),
    roundTripP50Ms: round(raw.roundTripP50Ms, 2),
    roundTripP99Ms: round(raw.roundTripP99Ms, 2),
  };
}

async function burst(
  args: BurstArgs,
  run: BenchRun,
  raw: RawKafka,
): Promise<Pick<BenchRecord, 'results' | 'ratios' | 'cpu' | 'cpuOtherWindows'>> {
  const { count, connections } = args;
  switch (args.bench) {
    case 'sagas': {
      const { results: result, cpu } = await benchSagas(run, count);
      return {
        results: result,
        ratios: {
          sagaHopsPerSecondVsRawProducePerSecond: round(
            ((result['sagasPerSecond'] ?? 0) * HOPS.sagas) / raw.producePerSecond,
            3,
          ),
          sagaP50VsRawRoundTripP50: round((result['p50Ms'] ?? 0) / raw.roundTripP50Ms, 1),
        },
        cpu,
      };
    }
    case 'ingest': {
      const { results: single, cpu: singleCpu } = await benchIngest(run, count, 1);
      const { results: result, cpu } = await benchIngest(run, count, connections);
      return {
        results: {
          ...result,
          oneConnectionAckedPerSecond: single['ackedPerSecond'] ?? 0,
          oneConnectionAckP50Ms: single['ackP50Ms'] ?? 0,
          oneConnectionAckP99Ms: single['ackP99Ms'] ?? 0,
        },
        ratios: {
          oneConnectionAckedVsRawProducePerSecond: round(
            (single['ackedPerSecond'] ?? 0) / raw.producePerSecond,
            3,
          ),
          [`${connections}ConnectionsAckedVsRawProducePerSecond`]: round(
            (result['ackedPerSecond'] ?? 0) / raw.producePerSecond,
            3,
          ),
          oneConnectionAckP50VsRawProduceP50: round(
            (single['ackP50Ms'] ?? 0) / raw.produceP50Ms,
            1,
          ),
        },
        cpu,
        cpuOtherWindows: { oneConnection: singleCpu },
      };
    }
    case 'discharge': {
      const untraced =
        args.tracing === 'on' ? undefined : await benchDischarges(run, count, connections, false);
      const traced =
        args.tracing === 'off' ? undefined : await benchDischarges(run, count, connections, true);
      const headline = traced ?? untraced;
      if (!headline) throw new Error(`tracing '${args.tracing}' runs no discharge`);
      const { results: result, cpu } = headline;
      const ratios = {
        sagaHopsPerSecondVsRawProducePerSecond: round(
          ((result['sagasPerSecond'] ?? 0) * HOPS.discharge) / raw.producePerSecond,
          3,
        ),
      };
      if (!traced || !untraced) return { results: result, ratios, cpu };
      // The price of tracing: throughput and latency with spans exported, against without.
      const ratio = (key: string): number =>
        round((traced.results[key] ?? 0) / (untraced.results[key] ?? 1), 3);
      return {
        results: {
          ...traced.results,
          untracedSagasPerSecond: untraced.results['sagasPerSecond'] ?? 0,
          untracedStartToCompletionP50Ms: untraced.results['startToCompletionP50Ms'] ?? 0,
          untracedStartToCompletionP99Ms: untraced.results['startToCompletionP99Ms'] ?? 0,
        },
        ratios: {
          ...ratios,
          tracedVsUntracedSagasPerSecond: ratio('sagasPerSecond'),
          tracedVsUntracedStartToCompletionP50: ratio('startToCompletionP50Ms'),
          tracedVsUntracedStartToCompletionP99: ratio('startToCompletionP99Ms'),
        },
        cpu,
        cpuOtherWindows: { untraced: untraced.cpu },
      };
    }
    case 'implants': {
      const { results: result, cpu } = await benchImplants(run, count, connections);
      return {
        results: result,
        ratios: {
          // To the wait: ImplantUsed + 3 commands and 3 replies (steps 1-3) + step 4's command.
          toInvoiceWaitHopsPerSecondVsRawProducePerSecond: round(
            ((result['scanToInvoiceWaitPerSecond'] ?? 0) * 8) / raw.producePerSecond,
            3,
          ),
          // From the invoice: SupplierInvoiceReceived + step 4's reply + 2 commands, 2 replies.
          toCompletionHopsPerSecondVsRawProducePerSecond: round(
            ((result['invoiceToCompletionPerSecond'] ?? 0) * 6) / raw.producePerSecond,
            3,
          ),
          scanToInvoiceWaitP50VsRawRoundTripP50: round(
            (result['scanToInvoiceWaitP50Ms'] ?? 0) / raw.roundTripP50Ms,
            1,
          ),
        },
        cpu,
      };
    }
    case 'hl7-parse':
      throw new Error('hl7-parse runs without a stack');
  }
}

async function openLoop(
  args: OpenLoopArgs,
  run: BenchRun,
  raw: RawKafka,
): Promise<Pick<BenchRecord, 'results' | 'ratios'>> {
  const results: OpenLoopResult =
    args.bench === 'sagas'
      ? await sagasOpenLoop(run, args)
      : args.bench === 'ingest'
        ? await ingestOpenLoop(run, args)
        : await dischargeOpenLoop(run, args);
  const ratios: Record<string, number> = {};
  for (const point of results.points) {
    const at = `at${point.offeredPerSecond}PerSecond`;
    ratios[`${at}HopsPerSecondVsRawProducePerSecond`] = round(
      (point.completedPerSecond * HOPS[args.bench]) / raw.producePerSecond,
      3,
    );
    ratios[`${at}P99VsRawRoundTripP50`] = round(point.latencyMs.p99 / raw.roundTripP50Ms, 1);
  }
  return { results, ratios };
}

async function measure(args: BenchArgs, run: BenchRun, record: BenchRecord): Promise<void> {
  if (args.bench === 'hl7-parse') {
    // Pure CPU: nothing to compare with raw Kafka; the ratio is per segment, 100k vs 1k.
    record.results = benchHl7Parse();
    return;
  }
  const stack = await startBenchStack(run.benchDir, log);
  record.stack = { kafkaBrokers: stack.kafkaBrokers, startSeconds: stack.startSeconds };
  // Its servers count with everything they start; PostgreSQL's backends also by database.
  for (const [name, pid] of Object.entries(stack.serverPids))
    run.cpu.watch(name, pid, {
      descendants: true,
      ...(name === 'postgres' ? { childLabel: postgresBackendLabel } : {}),
    });
  log(`bench stack up in ${stack.startSeconds} s (Kafka ${stack.kafkaBrokers}); raw Kafka ...`);
  // A fresh broker's JVM is cold: a first round, not measured, so raw Kafka is not judged on it.
  await rawKafka(RAW_WARM_UP);
  // Its CPU per message (the broker, and this process producing and consuming): the floor of a hop.
  const rawWindow = run.cpu.begin('message');
  const raw = reference(
    await rawKafka(
      args.mode === 'burst' ? Math.min(Math.max(args.count * 2, RAW_MIN), 5_000) : 2_000,
    ),
  );
  const rawCpu = rawWindow.end(raw.messages);
  record.rawKafka = raw;
  const measured: Pick<BenchRecord, 'results' | 'ratios' | 'cpu' | 'cpuOtherWindows'> =
    args.mode === 'burst' ? await burst(args, run, raw) : await openLoop(args, run, raw);
  Object.assign(record, measured, {
    cpuOtherWindows: { rawKafka: rawCpu, ...measured.cpuOtherWindows },
  });
}

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    console.error(`bench: ${error.message}\n${USAGE}`);
    return 2;
  }
  const { stackHome } = await import('@meridian/testing');
  const run = createRun(join(stackHome(), 'bench'), args.bench, args.cpuProfile, log);
  teardownOnSignals(log);
  const record: BenchRecord = {
    id: run.id,
    bench: args.bench,
    mode: args.mode,
    startedAt: new Date().toISOString(),
    argv,
    args,
    git: gitRevision(ROOT),
    machine: machineFacts(),
  };
  try {
    await measure(args, run, record);
  } catch (error) {
    record.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    await teardown(log);
  }
  record.finishedAt = new Date().toISOString();
  record.peakRssMb = run.rss.peaks();
  run.rss.stop();
  record.cpuProfiles = profileSummaries(run, ROOT);
  const file = writeRecord(run.benchDir, record);
  for (const [name, profile] of Object.entries(record.cpuProfiles)) {
    console.log(
      `\n${name}: ${profile.busyMs} ms busy, ${profile.idleMs} ms idle in the measured windows (${profile.file})`,
    );
    const line = (percent: number, ms: number, frame: string): string =>
      `  ${`${percent}%`.padStart(6)} ${`${ms} ms`.padStart(10)}  ${frame}`;
    console.log('  self time:');
    for (const f of profile.top) console.log(line(f.selfPercent, f.selfMs, f.frame));
    console.log('  by subtree (the frame and what it called; code frames only):');
    for (const f of profile.bySubtree) console.log(line(f.totalPercent, f.totalMs, f.frame));
  }
  // Relative to the work tree when under it (MERIDIAN_HOME may be elsewhere: a worktree's run).
  console.log(summaryLine(record, shortUrl(file, ROOT)));
  return record.error ? 1 : 0;
}

process.exit(await main(process.argv.slice(2)));
