// What the dashboard shows, computed from the API's answers: pure functions (unit tested in node).
import type { ConsumerLag, Transition } from './api.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad = (n: number): string => String(n).padStart(2, '0');

/** `0.6 ms`, `850 ms`, `12.3 s`, `4 min 05 s`, `3 h 02 min`, `2 d 04 h`; `—` for none. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  // A span can last a fraction of a millisecond (a query, a timer).
  if (ms < 10) return `${(Math.floor(ms * 10) / 10).toFixed(1)} ms`;
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  if (ms < HOUR)
    return `${Math.floor(ms / MINUTE)} min ${pad(Math.floor((ms % MINUTE) / SECOND))} s`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${pad(Math.floor((ms % HOUR) / MINUTE))} min`;
  return `${Math.floor(ms / DAY)} d ${pad(Math.floor((ms % DAY) / HOUR))} h`;
}

/** An ISO time as `2026-12-06 00:55:14 UTC` (one zone for every operator); `—` for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A failure as one line: `CODE: message`, or the text it is. */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined || error === '') return null;
  if (typeof error === 'string') {
    try {
      return errorText(JSON.parse(error) as unknown) ?? error;
    } catch {
      return error;
    }
  }
  if (typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const parts = [code, message].filter((p) => typeof p === 'string' && p !== '');
    if (parts.length > 0) return parts.join(': ');
  }
  return JSON.stringify(error);
}

/** One stay of a saga at a step: from the transition into it to the one out of it. */
export interface StepVisit {
  readonly stepName: string;
  readonly startedAt: string;
  /** When the saga left the step; null while it is still there. */
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  /** The statuses the saga had at the step, in order (RUNNING, WAITING, COMPENSATING...). */
  readonly statuses: readonly string[];
  readonly error: string | null;
}

/**
 * The timeline step by step: consecutive transitions at the same step are one visit (RUNNING to
 * WAITING on a human task and back stays at the step); a step visited again (compensation) is a
 * new visit. The transition that finishes the saga (no step) closes the last visit.
 */
export function stepsOf(timeline: readonly Transition[]): StepVisit[] {
  const visits: StepVisit[] = [];
  let open: { -readonly [K in keyof StepVisit]: StepVisit[K] } | null = null;
  for (const t of timeline) {
    if (open && t.stepName === open.stepName) {
      open.statuses = [...open.statuses, t.toStatus];
      open.error = errorText(t.error) ?? open.error;
      continue;
    }
    if (open) {
      open.endedAt = t.at;
      open.durationMs = Math.max(0, Date.parse(t.at) - Date.parse(open.startedAt));
    }
    open = t.stepName
      ? {
          stepName: t.stepName,
          startedAt: t.at,
          endedAt: null,
          durationMs: null,
          statuses: [t.toStatus],
          error: errorText(t.error),
        }
      : null;
    if (open) visits.push(open);
  }
  return visits;
}

/** Consumer lag of a group on a topic, over its partitions. */
export interface TopicLag {
  readonly groupId: string;
  readonly topic: string;
  readonly partitions: number;
  readonly lag: number;
}

/** Per group and topic, the partitions' lag summed; the largest lag first, then by name. */
export function lagByGroupTopic(rows: readonly ConsumerLag[]): TopicLag[] {
  const totals = new Map<string, TopicLag>();
  for (const row of rows) {
    const key = `${row.groupId}\u0000${row.topic}`;
    const seen = totals.get(key);
    totals.set(key, {
      groupId: row.groupId,
      topic: row.topic,
      partitions: (seen?.partitions ?? 0) + 1,
      lag: (seen?.lag ?? 0) + row.lag,
    });
  }
  return [...totals.values()].sort(
    (a, b) => b.lag - a.lag || a.groupId.localeCompare(b.groupId) || a.topic.localeCompare(b.topic),
  );
}
