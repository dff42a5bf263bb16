/**
 * First-run set-up of accounts, shared by every process on one store: the secret that signs session and CSRF
 * cookies (unless SESSION_SECRET is configured), and a local administrator so that `npm start` can be used at once.
 * Both are records inserted once (insertRecord), so two processes starting together agree on one of each.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ConflictError } from '../shared/errors.ts';
import type { RecordStore } from '../store/records.ts';
import { createAccount, createToken, callerOfAccount, getAccount } from './accounts.ts';
import { newSigningSecret } from './tokens.ts';

/** The signing secret kept in the store (created on first use); `configured` wins when given. */
export async function signingSecret(records: RecordStore, configured?: string): Promise<string> {
  if (configured) return configured;
  const existing = await records.getRecord('setting', 'session-secret');
  if (existing) return (existing.doc as { secret: string }).secret;
  try {
    await records.insertRecord({
      kind: 'setting',
      id: 'session-secret',
      doc: { secret: newSigningSecret() },
      at: new Date().toISOString(),
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  return ((await records.getRecord('setting', 'session-secret'))?.doc as { secret: string }).secret;
}

export const LOCAL_ADMIN_EMAIL = 'admin@localhost';
export const CREDENTIALS_FILE = 'admin-credentials.txt';

export interface LocalAdmin {
  email: string;
  password: string;
  token: string;
  /** where the credentials were written (mode 0600), or undefined when they were only printed */
  file?: string;
}

/**
 * Creates the local administrator (admin@localhost, a random password and an API token) when the store has no
 * account of that address, and writes both to `<dataDir>/admin-credentials.txt` with mode 0600 (or returns them to be printed once
 * when there is no data directory). Returns undefined when one was created before.
 */
export async function ensureLocalAdmin(
  deps: { records: RecordStore; now: () => Date; logger: Logger },
  options: { dataDir?: string },
): Promise<LocalAdmin | undefined> {
  if (await getAccount(deps, LOCAL_ADMIN_EMAIL)) return undefined;
  const password = newSigningSecret().slice(0, 24);
  let account;
  try {
    account = await createAccount(deps, { email: LOCAL_ADMIN_EMAIL, name: 'Local administrator', password, roles: ['admin'] }, 'system');
  } catch (error) {
    if (error instanceof ConflictError) return undefined; // another process created it a moment ago
    throw error;
  }
  const { secret } = await createToken(deps, callerOfAccount(account, 'session'), {
    name: 'created at first start',
    scopes: ['read', 'write', 'admin'],
  });
  const admin: LocalAdmin = { email: LOCAL_ADMIN_EMAIL, password, token: secret };
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, CREDENTIALS_FILE);
    writeFileSync(file, `email=${admin.email}\npassword=${admin.password}\ntoken=${admin.token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    admin.file = file;
  }
  return admin;
}
