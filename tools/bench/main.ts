// Benchmarks, each next to raw Kafka measured in the same run (these machines are noisy: compare
// ratios, not absolute numbers).
//   npm run bench -- sagas [count]                    saga engine with scripted participants
//   npm run bench -- ingest [count] [connections]     HL7 ADT over MLLP, ACK AA (durable)
//   npm run bench -- discharge [count] [connections]  discharge-to-revenue through every service
//        [--tracing off|on|both]                        spans to Jaeger; both: off then on, ratio
//   npm run bench -- implants [count] [connections]   implant-to-invoice through every service
//   npm run bench -- hl7-parse                         HL7 v2 parse time by size (no Kafka)
import { cpus } from 'node:os';
import { benchDischarges } from './discharge.ts';
import { benchHl7Parse } from './hl7-parse.ts';
import { benchImplants } from './implants.ts';
import { benchIngest } from './ingest.ts';
import { rawKafka } from './raw-kafka.ts';
import { benchSagas } from './sagas.ts';
import { round } from './stats.ts';

const USAGE =
  'usage: npm run bench -- sagas|ingest|discharge|implants [count] [connections] | hl7-parse\n' +
  '       npm run bench -- discharge [count] [connections] --tracing off|on|both';
const TRACING = ['off', 'on', 'both'] as const;
const args = process.argv.slice(2);
const flag = args.indexOf('--tracing');
const tracing = flag === -1 ? 'off' : args.splice(flag, 2)[1];
if (!TRACING.some((mode) => mode === tracing) || (tracing !== 'off' && args[0] !== 'discharge')) {
  console.error(USAGE);
  process.exit(2);
}
const [what, countArg, connectionsArg] = args;
const count = Number(countArg ?? (what === 'discharge' || what === 'implants' ? 200 : 1000));
const connections = Number(connectionsArg ?? 4);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(connections) || connections < 1) {
  console.error(USAGE);
  process.exit(2);
}

if (what === 'hl7-parse') {
  // Pure CPU: nothing to compare with raw Kafka; the ratio is per segment, 100k vs 1k.
  console.log(
    JSON.stringify({ machine: `${cpus().length} cores`, [what]: benchHl7Parse() }, null, 2),
  );
  process.exit(0);
}

const raw = await rawKafka(Math.min(count * 2, 5_000));
const reference = {
  messages: raw.messages,
  producePerSecond: round(raw.producePerSecond),
  produceP50Ms: round(raw.produceP50Ms, 2),
  produceP99Ms: round(raw.produceP99Ms, 2),
  roundTripP50Ms: round(raw.roundTripP50Ms, 2),
  roundTripP99Ms: round(raw.roundTripP99Ms, 2),
};
let result: Record<string, number>;
let ratios: Record<string, number>;
switch (what) {
  case 'sagas':
    result = await benchSagas(count);
    ratios = {
      // Each saga is six Kafka hops (3 commands, 3 replies) plus its trigger and lifecycle events.
      sagaHopsPerSecondVsRawProducePerSecond: round(
        ((result['sagasPerSecond'] ?? 0) * 6) / raw.producePerSecond,
        3,
      ),
      sagaP50VsRawRoundTripP50: round((result['p50Ms'] ?? 0) / raw.roundTripP50Ms, 1),
    };
    break;
  case 'ingest': {
    const single = await benchIngest(count, 1);
    result = await benchIngest(count, connections);
    ratios = {
      oneConnectionAckedVsRawProducePerSecond: round(
        (single['ackedPerSecond'] ?? 0) / raw.producePerSecond,
        3,
      ),
      [`${connections}ConnectionsAckedVsRawProducePerSecond`]: round(
        (result['ackedPerSecond'] ?? 0) / raw.producePerSecond,
        3,
      ),
      oneConnectionAckP50VsRawProduceP50: round((single['ackP50Ms'] ?? 0) / raw.produceP50Ms, 1),
    };
    result = { ...result, oneConnectionAckedPerSecond: single['ackedPerSecond'] ?? 0 };
    break;
  }
  case 'discharge': {
    const untraced =
      tracing === 'on' ? undefined : await benchDischarges(count, connections, false);
    const traced = tracing === 'off' ? undefined : await benchDischarges(count, connections, true);
    result = traced ?? untraced ?? {};
    ratios = {
      // A discharge saga: 6 commands + 6 replies, plus the A03's event.
      sagaHopsPerSecondVsRawProducePerSecond: round(
        ((result['sagasPerSecond'] ?? 0) * 13) / raw.producePerSecond,
        3,
      ),
    };
    if (traced && untraced) {
      // The price of tracing: throughput and latency with spans exported, against without.
      result = {
        ...traced,
        untracedSagasPerSecond: untraced['sagasPerSecond'] ?? 0,
        untracedStartToCompletionP50Ms: untraced['startToCompletionP50Ms'] ?? 0,
        untracedStartToCompletionP99Ms: untraced['startToCompletionP99Ms'] ?? 0,
      };
      ratios = {
        ...ratios,
        tracedVsUntracedSagasPerSecond: round(
          (traced['sagasPerSecond'] ?? 0) / (untraced['sagasPerSecond'] ?? 1),
          3,
        ),
        tracedVsUntracedStartToCompletionP50: round(
          (traced['startToCompletionP50Ms'] ?? 0) / (untraced['startToCompletionP50Ms'] ?? 1),
          3,
        ),
        tracedVsUntracedStartToCompletionP99: round(
          (traced['startToCompletionP99Ms'] ?? 0) / (untraced['startToCompletionP99Ms'] ?? 1),
          3,
        ),
      };
    }
    break;
  }
  case 'implants':
    result = await benchImplants(count, connections);
    ratios = {
      // To the wait: the ImplantUsed event + 3 commands and 3 replies (steps 1-3) + step 4's command.
      toInvoiceWaitHopsPerSecondVsRawProducePerSecond: round(
        ((result['scanToInvoiceWaitPerSecond'] ?? 0) * 8) / raw.producePerSecond,
        3,
      ),
      // From the invoice: SupplierInvoiceReceived + step 4's reply + 2 commands and 2 replies.
      toCompletionHopsPerSecondVsRawProducePerSecond: round(
        ((result['invoiceToCompletionPerSecond'] ?? 0) * 6) / raw.producePerSecond,
        3,
      ),
      scanToInvoiceWaitP50VsRawRoundTripP50: round(
        (result['scanToInvoiceWaitP50Ms'] ?? 0) / raw.roundTripP50Ms,
        1,
      ),
    };
    break;
  default:
    console.error(USAGE);
    process.exit(2);
}
console.log(
  JSON.stringify(
    { machine: `${cpus().length} cores`, rawKafka: reference, [what]: result, ratios },
    null,
    2,
  ),
);
