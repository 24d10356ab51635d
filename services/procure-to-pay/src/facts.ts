import type { MessageContext } from '@meridian/messaging';

/**
 * Where the facts of a handled command or HTTP request go: the command's outbox (`ctx.publish`),
 * or the outbox bound to the request's transaction; either way in the same transaction as the
 * state they tell of.
 */
export type Facts = Pick<MessageContext, 'publish'>;
