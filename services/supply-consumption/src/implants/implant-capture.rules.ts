// The rules of an implant capture, pure: the service reads what they need (recalls, the
// facility's time zone) and applies them in this order: expiry, recall.
import { localDate } from '@meridian/contracts';
import type { ParsedUdi } from '@meridian/udi';
import type { ActiveRecall } from '../recalls/recall-check.js';
import type { StoredRecallOverride } from './implant-usage.entity.js';
import type { RecallOverrideRequest } from './implant.requests.js';

/**
 * The device expired when its expiry date is before the day of use in the facility's time zone;
 * on the expiry date itself it is still usable. Null when it has no expiry date or had not expired.
 */
export function expiry(
  udi: Pick<ParsedUdi, 'expirationDate'>,
  usedAt: Date,
  timeZone: string,
): { readonly expirationDate: string; readonly usedOn: string } | null {
  const usedOn = localDate(usedAt, timeZone);
  return udi.expirationDate !== null && udi.expirationDate < usedOn
    ? { expirationDate: udi.expirationDate, usedOn }
    : null;
}

export type RecallDecision =
  | { readonly kind: 'clear' }
  | { readonly kind: 'recalled'; readonly recallNumbers: readonly string[] }
  | { readonly kind: 'overridden'; readonly override: StoredRecallOverride };

/**
 * A device no active recall covers is clear (an override sent with it is not recorded). A covered
 * one is refused unless the request overrides it (the caller's right to override was checked at
 * the edge: the role supply-supervisor); the override records the covering recall numbers
 * (comma-separated when several recalls cover the device, one decision for all of them).
 */
export function decideRecall(
  recalls: readonly ActiveRecall[],
  override: RecallOverrideRequest | null,
  now: Date,
): RecallDecision {
  if (recalls.length === 0) return { kind: 'clear' };
  const recallNumbers = recalls.map((r) => r.recallNumber);
  if (override === null) return { kind: 'recalled', recallNumbers };
  return {
    kind: 'overridden',
    override: {
      recallNumber: recallNumbers.join(', '),
      reason: override.reason,
      overriddenBy: override.overriddenBy,
      overriddenAt: now.toISOString(),
    },
  };
}
