/**
 * Password hashing with argon2id (the `argon2` package: the reference C implementation, prebuilt for Node 20 on
 * linux-x64, so nothing is compiled at install). Parameters: OWASP's first argon2id configuration (19 MiB, 2
 * iterations, 1 lane), about 30 ms a hash here. Why argon2 and what else was considered: docs/security.md.
 */
import argon2 from 'argon2';

export const PASSWORD_HASHING = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PASSWORD_HASHING);
}

/** False for a wrong password or a hash that is not an argon2 PHC string; never throws for those. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Verifies against a throw-away hash, so signing in as an unknown address takes as long as with a wrong password. */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-password-of-anyone');
  await verifyPassword(await dummy, password);
  return false;
}
