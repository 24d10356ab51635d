import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC signatures of webhooks from systems that cannot get tokens (the HR system): the header
 * `X-Meridian-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as Stripe
 * and Slack sign theirs. The timestamp bounds replays; several `v1=` entries let a sender sign
 * with the old and the new secret while it is rotated.
 */
export const SIGNATURE_HEADER = 'x-meridian-signature';

const digest = (secret: string, timestamp: string, body: Buffer | string): string =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The header value for `body` signed with `secret` at `now`. */
export function signWebhook(secret: string, body: Buffer | string, now: Date = new Date()): string {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return `t=${timestamp},v1=${digest(secret, timestamp, body)}`;
}

export type SignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Whether `header` signs `body` with `secret` within `toleranceS` of `now`. The reason of a
 * refusal names what is wrong (missing, malformed, too old or too new, no match), never the
 * secret or the body.
 */
export function checkWebhookSignature(
  header: string | undefined,
  body: Buffer,
  secret: string,
  toleranceS: number,
  now: Date = new Date(),
): SignatureCheck {
  if (!header) return { ok: false, reason: `the request has no ${SIGNATURE_HEADER} header` };
  const parts = header.split(',').map((part) => part.trim().split('='));
  const timestamps = parts.filter(([k]) => k === 't').map(([, v]) => v ?? '');
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v ?? '');
  const [timestamp] = timestamps;
  if (
    timestamps.length !== 1 ||
    !timestamp ||
    !/^\d{1,12}$/.test(timestamp) ||
    signatures.length === 0
  ) {
    return {
      ok: false,
      reason: `${SIGNATURE_HEADER} is not t=<unix seconds>,v1=<hex HMAC-SHA256>`,
    };
  }
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > toleranceS) {
    return {
      ok: false,
      reason: `the signature's timestamp is ${skew} s from now (at most ${toleranceS} s)`,
    };
  }
  const expected = Buffer.from(digest(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
    return timingSafeEqual(Buffer.from(signature, 'hex'), expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'no v1 signature matches the body' };
}
