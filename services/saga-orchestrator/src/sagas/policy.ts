import { hours, minutes, seconds, type SagaPolicy } from '@meridian/saga';

/**
 * The policy both workflows start from: a participant answers within 2 minutes, a step is tried
 * 3 times (2 s, then 4 s apart), and an incident is retried every 30 s doubling to 15 minutes for
 * a day. Configuration may override these (SAGA_* variables); steps override their own.
 */
export function standardPolicy(team: string, escalateAfterMs: number): SagaPolicy {
  return {
    replyTimeoutMs: minutes(2),
    retry: { attempts: 3, initialDelayMs: seconds(2), multiplier: 2, maxDelayMs: minutes(1) },
    incident: { backoffMs: seconds(30), maxBackoffMs: minutes(15), windowMs: hours(24) },
    team,
    escalateAfterMs,
  };
}
