// Runs a participant as a child process (participant.process.ts), for tests that kill it.
import { fileURLToPath } from 'node:url';
import { spawnNode, type ChildHandle } from '@meridian/testing';
import { successes } from './participant-behaviour.js';
import type { ParticipantConfig } from './participant.config.js';

const PROCESS_SCRIPT = fileURLToPath(new URL('./participant.process.js', import.meta.url));

/** SIGTERM (`stop`) finishes the command in flight, then exits 0; `kill` is the crash. */
export type ParticipantProcess = ChildHandle;

/** Spawns a participant process and resolves once it printed `ready`. */
export async function spawnParticipant(
  config: ParticipantConfig,
  options: { readonly env?: NodeJS.ProcessEnv; readonly readyTimeoutMs?: number } = {},
): Promise<ParticipantProcess> {
  for (const [command, behaviour] of Object.entries(config.behaviours)) {
    if (successes(behaviour).some((s) => typeof s.result === 'function'))
      throw new Error(`${command}: a participant process takes static results only`);
  }
  const { child } = await spawnNode(PROCESS_SCRIPT, {
    name: `participant ${config.name}`,
    env: { ...options.env, PARTICIPANT_CONFIG: JSON.stringify(config) },
    ready: (line) => line === 'ready',
    ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
  });
  return child;
}
