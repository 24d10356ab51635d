import type { MessageContext } from '@meridian/messaging';

/** Publishes an event through the outbox of the command being handled (`ctx.publish`). */
export type Publish = MessageContext['publish'];

/** Every amount of this service is in US dollars. */
export const CURRENCY = 'USD';
