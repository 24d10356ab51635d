/**
 * Bounded retries with capped exponential backoff: a consumer's (through per-group retry topics,
 * then the DLQ) and a saga step's (then an incident).
 */
export interface RetryPolicy {
  /** Total attempts including the first; 1 means straight to the DLQ on failure. */
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly multiplier: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  initialDelayMs: 1_000,
  multiplier: 4,
  maxDelayMs: 60_000,
};

export function retryTopic(group: string, retry: number): string {
  return `${group}.retry.${retry}`;
}

export function deadLetterTopic(group: string): string {
  return `${group}.dlq`;
}

/** Every retry topic of a group, in order. */
export function retryTopics(group: string, policy: RetryPolicy): string[] {
  return Array.from({ length: Math.max(0, policy.attempts - 1) }, (_, i) =>
    retryTopic(group, i + 1),
  );
}

export type NextStep =
  | { readonly kind: 'retry'; readonly topic: string; readonly delayMs: number }
  | { readonly kind: 'dead-letter'; readonly topic: string };

/** Where a message goes after its `attemptsMade`-th attempt failed. */
export function nextStep(
  group: string,
  policy: RetryPolicy,
  attemptsMade: number,
  retriable: boolean,
): NextStep {
  if (!retriable || attemptsMade >= policy.attempts)
    return { kind: 'dead-letter', topic: deadLetterTopic(group) };
  return {
    kind: 'retry',
    topic: retryTopic(group, attemptsMade),
    delayMs: retryDelayMs(policy, attemptsMade),
  };
}

/** The delay after the `attemptsMade`-th failed attempt: initialDelayMs x multiplier^(n-1), capped. */
export function retryDelayMs(policy: RetryPolicy, attemptsMade: number): number {
  return Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.multiplier ** (attemptsMade - 1),
  );
}

/** The delays between all attempts of `policy`, summed. */
export function totalRetryDelayMs(policy: RetryPolicy): number {
  let total = 0;
  for (let made = 1; made < policy.attempts; made += 1) total += retryDelayMs(policy, made);
  return total;
}

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1)
    throw new Error('retry attempts must be a whole number >= 1');
  if (
    policy.initialDelayMs < 0 ||
    policy.maxDelayMs < policy.initialDelayMs ||
    policy.multiplier < 1
  ) {
    throw new Error(
      'retry delays must satisfy 0 <= initialDelayMs <= maxDelayMs and multiplier >= 1',
    );
  }
  return policy;
}
