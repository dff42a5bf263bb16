/**
 * API tokens: 32 random bytes (node:crypto's CSPRNG), shown once as `cst_<base64url>`. Only their SHA-256 is kept: a
 * token is as strong as a 256-bit key, so a slow password hash adds nothing, and a lookup by hash stays one indexed
 * read. Nothing here is new cryptography: randomBytes and createHash from Node.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'cst_';

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function tokenHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A random id (records, claims, sessions' audit): 16 hex characters. */
export function randomId(): string {
  return randomBytes(8).toString('hex');
}

/** A random secret for signing cookies (sessions, CSRF) when none is configured. */
export function newSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}
