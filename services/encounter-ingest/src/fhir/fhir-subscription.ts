// R4 Subscription notifications as the Subscriptions R5 Backport IG sends them to a rest-hook
// endpoint: a Bundle of type `history` whose first entry is the SubscriptionStatus, in R4 a
// Parameters (profile backport-subscription-status-r4) with `type` handshake | heartbeat |
// event-notification | query-status | query-event; with full-resource content, the entries after
// it carry the resources of the notified events.
import type { IngestIssue } from '../encounters/encounter-facts.js';
import {
  encounterWrite,
  issue,
  parseBundle,
  referenceable,
  refusal,
  Refusal,
  refused,
} from './fhir-bundle.js';
import type { PlannedEntry } from './fhir-bundle.js';
import { codes, isObject, objects, prop, text } from './fhir-values.js';
import type { JsonObject } from './fhir-values.js';

export const NOTIFICATION_TYPES = [
  'handshake',
  'heartbeat',
  'event-notification',
  'query-status',
  'query-event',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface Notification {
  readonly type: NotificationType;
  /** The entries after the status: Encounters to process as updates, other resources read for references. */
  readonly entries: readonly PlannedEntry[];
}

const STATUS_PATH = 'Bundle.entry[0].resource';

/** The `type` parameter of the R4 SubscriptionStatus (Parameters). */
function notificationType(status: unknown): NotificationType | IngestIssue {
  if (prop(status, 'resourceType') !== 'Parameters')
    return issue(
      'structure',
      STATUS_PATH,
      'must be the SubscriptionStatus: a Parameters (backport-subscription-status-r4)',
    );
  const index = objects(prop(status, 'parameter')).findIndex((p) => p['name'] === 'type');
  const parameter = objects(prop(status, 'parameter'))[index];
  const type = text(prop(parameter, 'valueCode')) ?? codes(prop(parameter, 'valueCoding'))[0];
  const known = NOTIFICATION_TYPES.find((t) => t === type);
  if (known) return known;
  return index < 0
    ? issue('required', `${STATUS_PATH}.parameter`, 'needs the parameter type')
    : issue(
        'code',
        `${STATUS_PATH}.parameter[${index}].value`,
        `must be one of ${NOTIFICATION_TYPES.join(', ')}`,
      );
}

/**
 * One notified entry: an Encounter is processed as an update (PUT); another resource is read for
 * references; an entry without a resource (id-only or empty content) cannot be processed.
 */
function planNotified(entry: JsonObject, index: number, bundle: JsonObject): PlannedEntry {
  const resource = entry['resource'];
  if (!isObject(resource))
    return refused(
      index,
      422,
      issue(
        'unsupported-type',
        `Bundle.entry[${index}].resource`,
        'is required: subscribe with full-resource content',
      ),
    );
  if (resource['resourceType'] !== 'Encounter') return { kind: 'referenced', index };
  return encounterWrite(index, 'PUT', resource, referenceable(bundle));
}

/** A subscription notification Bundle, or why it is refused. */
export function planNotification(raw: string): Notification | Refusal {
  const bundle = parseBundle(raw);
  if (bundle instanceof Refusal) return bundle;
  if (bundle['type'] !== 'history')
    return refusal(400, [
      issue('code', 'Bundle.type', 'must be history (a subscription notification)'),
    ]);
  const [status, ...notified] = objects(bundle['entry']);
  const type = notificationType(prop(status, 'resource'));
  if (typeof type !== 'string') return refusal(400, [type]);
  return {
    type,
    entries:
      type === 'event-notification'
        ? notified.map((entry, i) => planNotified(entry, i + 1, bundle))
        : [],
  };
}
