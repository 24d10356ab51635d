// A test participant as its own process, for the engine's crash tests:
//   PARTICIPANT_CONFIG='{"name":...,"topic":"workforce-sync.commands.v1","databaseUrl":...,
//     "behaviours":{"health.meridian.workforce.ReleaseBed":{"kind":"succeed"}}}' \
//   node libs/saga/dist/testing/participant.process.js
// Prints `ready` on stdout once it consumes, `stopped` after a graceful stop (SIGTERM or SIGINT);
// SIGKILL is the crash. Logs are JSON on stderr (LOG_LEVEL, default info).
import { createLogger } from '@meridian/telemetry';
import { getInfra } from '@meridian/testing';
import { parseParticipantConfig } from './participant.config.js';
import { startParticipant, type Participant } from './participant.js';

const fatal = (error: unknown): never => {
  process.stderr.write(`participant: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
};

let participant: Participant | undefined;
try {
  const text = process.env['PARTICIPANT_CONFIG'];
  if (!text) throw new Error('PARTICIPANT_CONFIG is required (JSON, see participant.config.ts)');
  const config = parseParticipantConfig(text);
  const infra =
    config.brokers && config.schemaRegistryUrl
      ? { kafkaBrokers: config.brokers, schemaRegistryUrl: config.schemaRegistryUrl }
      : getInfra();
  participant = await startParticipant({
    ...config,
    brokers: config.brokers ?? infra.kafkaBrokers,
    schemaRegistryUrl: config.schemaRegistryUrl ?? infra.schemaRegistryUrl,
    logger: createLogger({ name: config.name, destination: process.stderr }),
  });
} catch (error) {
  fatal(error);
}

const running = participant as Participant;
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  running.stop().then(() => {
    process.stdout.write('stopped\n');
    process.exit(0);
  }, fatal);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write('ready\n');
