// What a test participant does with a command: a small script per command type, decided purely
// from the command and how many commands of the same saga step it has handled before.
import type { Failure, RecordContract } from '@meridian/contracts';
import type { ResultOf, SagaCommand } from '../participant/command-reply.js';

export type { SagaCommand } from '../participant/command-reply.js';

/** Result fields of a reply (everything but the reply header), as the Avro contract types them. */
export type ReplyResult = Readonly<Record<string, unknown>>;

/**
 * A scripted participant behaviour.
 *
 * - `succeed`: reply SUCCEEDED; `result` (static or computed from the command) sets result fields,
 *   every other nullable result field is null. Values as the contracts type them: decimals as
 *   strings (`'123.45'`), timestamps as `Date`, dates as `'YYYY-MM-DD'`, enums as their symbols.
 * - `fail`: reply FAILED with `failure { code, message, retriable (default false), details }`.
 * - `fail-times`: the first `times` commands of one saga step (same command type, sagaId and
 *   stepName; a redelivered message is not a new command) fail retriably, later ones behave as `then`.
 * - `times`: the first `times` commands of one saga step behave as `behaviour`, later ones as
 *   `then` (e.g. silent once, then succeed: a timeout followed by a successful retry).
 * - `delay`: waits `ms` inside the handler (its transaction open), then behaves as `then`. Keep it
 *   well below the Kafka session timeout (30 s).
 * - `silent`: never replies (the command is still handled and logged): for timeout tests.
 */
export type Behaviour<C = SagaCommand, R = ReplyResult> =
  | { readonly kind: 'succeed'; readonly result?: R | ((command: C) => R) }
  | {
      readonly kind: 'fail';
      readonly code: string;
      readonly message: string;
      readonly retriable?: boolean;
      readonly details?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'fail-times';
      readonly times: number;
      readonly then: Behaviour<C, R>;
      readonly code?: string;
      readonly message?: string;
    }
  | {
      readonly kind: 'times';
      readonly times: number;
      readonly behaviour: Behaviour<C, R>;
      readonly then: Behaviour<C, R>;
    }
  | { readonly kind: 'delay'; readonly ms: number; readonly then: Behaviour<C, R> }
  | { readonly kind: 'silent' };

export const TRANSIENT_FAILURE_CODE = 'TRANSIENT_FAILURE';

/** What to do with one command: wait `delayMs`, then reply (or not). */
export interface Action {
  readonly delayMs: number;
  readonly reply:
    | { readonly outcome: 'SUCCEEDED'; readonly result: ReplyResult }
    | { readonly outcome: 'FAILED'; readonly failure: Failure }
    | null;
}

/**
 * Resolves a behaviour for one command. `earlier` is the number of commands of the same saga step
 * (command type, sagaId, stepName) handled before this one.
 */
export function resolveBehaviour(
  behaviour: Behaviour,
  command: SagaCommand,
  earlier: number,
): Action {
  switch (behaviour.kind) {
    case 'succeed': {
      const { result } = behaviour;
      const fields = typeof result === 'function' ? result(command) : (result ?? {});
      return { delayMs: 0, reply: { outcome: 'SUCCEEDED', result: fields } };
    }
    case 'fail':
      return {
        delayMs: 0,
        reply: {
          outcome: 'FAILED',
          failure: {
            code: behaviour.code,
            message: behaviour.message,
            retriable: behaviour.retriable ?? false,
            details: behaviour.details ?? null,
          },
        },
      };
    case 'fail-times':
      if (earlier < behaviour.times) {
        return {
          delayMs: 0,
          reply: {
            outcome: 'FAILED',
            failure: {
              code: behaviour.code ?? TRANSIENT_FAILURE_CODE,
              message:
                behaviour.message ??
                `scripted failure ${earlier + 1} of ${behaviour.times} for step ${command.stepName}`,
              retriable: true,
              details: null,
            },
          },
        };
      }
      return resolveBehaviour(behaviour.then, command, earlier - behaviour.times);
    case 'times':
      return earlier < behaviour.times
        ? resolveBehaviour(behaviour.behaviour, command, earlier)
        : resolveBehaviour(behaviour.then, command, earlier - behaviour.times);
    case 'delay': {
      const next = resolveBehaviour(behaviour.then, command, earlier);
      return { ...next, delayMs: behaviour.ms + next.delayMs };
    }
    case 'silent':
      return { delayMs: 0, reply: null };
  }
}

/**
 * Whether what `behaviour` does depends on the commands of the same saga step handled before
 * (`times`, `fail-times`): if not, a participant need not count them.
 */
export function countsEarlier(behaviour: Behaviour): boolean {
  switch (behaviour.kind) {
    case 'fail-times':
    case 'times':
      return true;
    case 'delay':
      return countsEarlier(behaviour.then);
    case 'succeed':
    case 'fail':
    case 'silent':
      return false;
  }
}

/**
 * A typed behaviour entry for a `Map`, keyed by the command's full name:
 * `new Map([behaviour(ReleaseBed, ReleaseBedReply)({ kind: 'succeed', result: { unitCensus: 11 } })])`.
 * The reply contract only types `result`. (Two calls, so that both contracts are known before
 * the script is typed: a result function's enum literals then keep their literal types.)
 */
export function behaviour<C extends SagaCommand, R>(
  command: RecordContract<C>,
  _reply: RecordContract<R>,
): (script: Behaviour<C, ResultOf<R>>) => readonly [string, Behaviour] {
  return (script) => [command.fullName, script as unknown as Behaviour];
}

/**
 * A behaviour from JSON (`PARTICIPANT_CONFIG`): the same shapes, with `result` a static object.
 * A malformed one fails naming its path.
 */
export function parseBehaviour(json: unknown, path = 'behaviour'): Behaviour {
  const bad = (problem: string): Error => new Error(`${path}: ${problem}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw bad('must be an object');
  const o = json as Record<string, unknown>;
  const str = (key: string): string => {
    const value = o[key];
    if (typeof value !== 'string' || value.length === 0)
      throw bad(`${key} must be a non-empty string`);
    return value;
  };
  const optionalStr = (key: string): string | undefined =>
    o[key] === undefined ? undefined : str(key);
  const count = (key: string): number => {
    const value = o[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw bad(`${key} must be a whole number >= 0`);
    return value;
  };
  const nested = (key: string): Behaviour => parseBehaviour(o[key], `${path}.${key}`);
  switch (o['kind']) {
    case 'succeed': {
      const result = o['result'];
      if (result === undefined) return { kind: 'succeed' };
      if (typeof result !== 'object' || result === null || Array.isArray(result))
        throw bad('result must be an object of reply result fields');
      return { kind: 'succeed', result: result as ReplyResult };
    }
    case 'fail': {
      const retriable = o['retriable'];
      if (retriable !== undefined && typeof retriable !== 'boolean')
        throw bad('retriable must be a boolean');
      const details = o['details'];
      if (
        details !== undefined &&
        (typeof details !== 'object' ||
          details === null ||
          Object.values(details).some((v) => typeof v !== 'string'))
      )
        throw bad('details must be an object of strings');
      return {
        kind: 'fail',
        code: str('code'),
        message: str('message'),
        ...(retriable === undefined ? {} : { retriable }),
        ...(details === undefined ? {} : { details: details as Record<string, string> }),
      };
    }
    case 'fail-times': {
      const code = optionalStr('code');
      const message = optionalStr('message');
      return {
        kind: 'fail-times',
        times: count('times'),
        then: nested('then'),
        ...(code === undefined ? {} : { code }),
        ...(message === undefined ? {} : { message }),
      };
    }
    case 'times':
      return {
        kind: 'times',
        times: count('times'),
        behaviour: nested('behaviour'),
        then: nested('then'),
      };
    case 'delay':
      return { kind: 'delay', ms: count('ms'), then: nested('then') };
    case 'silent':
      return { kind: 'silent' };
    default:
      throw bad(
        `kind must be one of succeed, fail, fail-times, times, delay, silent (got ${JSON.stringify(o['kind'])})`,
      );
  }
}

/** Every `succeed` inside a behaviour. */
export function successes(behaviour: Behaviour): Extract<Behaviour, { kind: 'succeed' }>[] {
  switch (behaviour.kind) {
    case 'succeed':
      return [behaviour];
    case 'fail':
    case 'silent':
      return [];
    case 'fail-times':
    case 'delay':
      return successes(behaviour.then);
    case 'times':
      return [...successes(behaviour.behaviour), ...successes(behaviour.then)];
  }
}

/** Every static result object inside a behaviour (to check them against the reply schema). */
export function staticResults(behaviour: Behaviour): ReplyResult[] {
  return successes(behaviour).flatMap(({ result }) =>
    result && typeof result !== 'function' ? [result] : [],
  );
}

/** The behaviour with every static result replaced by `map(result)` (JSON revival). */
export function mapResults(
  behaviour: Behaviour,
  map: (result: ReplyResult) => ReplyResult,
): Behaviour {
  switch (behaviour.kind) {
    case 'succeed':
      return behaviour.result && typeof behaviour.result !== 'function'
        ? { kind: 'succeed', result: map(behaviour.result) }
        : behaviour;
    case 'fail':
    case 'silent':
      return behaviour;
    case 'fail-times':
    case 'delay':
      return { ...behaviour, then: mapResults(behaviour.then, map) };
    case 'times':
      return {
        ...behaviour,
        behaviour: mapResults(behaviour.behaviour, map),
        then: mapResults(behaviour.then, map),
      };
  }
}
