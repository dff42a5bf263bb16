/**
 * One-click unsubscribe tokens (RFC 8058): a link in every alert email and webhook digest that stops alerts without
 * signing in. A token names one organisation and what it stops — its email (for the address it was sent to), its
 * webhook, or every alert — and is signed with HMAC-SHA256 under a key derived from the service's signing secret,
 * so it cannot be forged or moved to another organisation. Tokens do not expire: a link in an old email must still
 * work (RFC 8058 §3 asks that it keep working). Pure (node:crypto only).
 *
 *   token = base64url(JSON payload) "." base64url(HMAC-SHA256(key, payload))
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const UNSUBSCRIBE_SCOPES = ['email', 'webhook', 'all'] as const;
export type UnsubscribeScope = (typeof UNSUBSCRIBE_SCOPES)[number];

export interface UnsubscribeClaim {
  organisationId: string;
  scope: UnsubscribeScope;
  /** for scope 'email': a digest of the address the email went to, so a link stops only that address */
  address?: string;
}

/** Longest token read; anything longer is refused before it is decoded. */
export const MAX_TOKEN_LENGTH = 800;

/** The key for unsubscribe tokens, derived from the signing secret so it is never the cookie-signing key itself. */
export function unsubscribeKey(signingSecret: string): Buffer {
  return createHmac('sha256', signingSecret).update('consortia/alerts/unsubscribe/v1').digest();
}

/** The first 16 hex digits of SHA-256 of the lower-cased address. */
export function addressDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

export function signUnsubscribeToken(key: Buffer, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(
    JSON.stringify({ o: claim.organisationId, s: claim.scope, ...(claim.address ? { a: claim.address } : {}) }),
  ).toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

/** The claim of a genuine token; undefined for anything else (malformed, too long, forged, unknown scope). */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const [payload, signature] = token.split('.');
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { o, s, a } = (doc ?? {}) as { o?: unknown; s?: unknown; a?: unknown };
  if (typeof o !== 'string' || o === '' || !UNSUBSCRIBE_SCOPES.includes(s as UnsubscribeScope)) return undefined;
  if (a !== undefined && typeof a !== 'string') return undefined;
  return { organisationId: o, scope: s as UnsubscribeScope, ...(typeof a === 'string' ? { address: a } : {}) };
}
