import pino from 'pino';
import { coreSlices } from '../../src/features.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { noEvents, type CoreDeps } from '../../src/shared/deps.ts';
import { startWebServer, type WebServer } from '../../src/server.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import type { Store } from '../../src/store/types.ts';
import type { Slice } from '../../src/http/app.ts';
import { callerOfAccount, createAccount, createToken } from '../../src/accounts/accounts.ts';
import type { Role } from '../../src/accounts/schema.ts';

export const FIXED_NOW = new Date('2026-06-01T00:00:00Z');

export function coreDeps(store: Store = new EmbeddedStore()): CoreDeps {
  return { store, ref: defaultReference(), now: () => FIXED_NOW, events: noEvents, logger: pino({ level: 'silent' }) };
}

let accounts = 0;

/**
 * An account with an API token of every scope, made directly in the store (as an administrator would): for tests
 * that write through the API. Returns the bearer token.
 */
export async function tokenFor(
  store: Store,
  options: { roles?: Role[]; organisationIds?: string[]; scopes?: ('read' | 'write' | 'admin')[] } = {},
): Promise<string> {
  const deps = { records: store.records, now: () => new Date() };
  const email = `test-${process.pid}-${Date.now()}-${++accounts}@example.org`;
  const account = await createAccount(
    deps,
    {
      email,
      name: 'Test account',
      password: 'a test password 123',
      roles: options.roles ?? [],
      organisationIds: options.organisationIds ?? [],
    },
    'system',
  );
  const { secret } = await createToken(deps, callerOfAccount(account, 'session'), {
    name: 'test',
    scopes: options.scopes ?? ['read', 'write', 'admin'],
  });
  return secret;
}

/**
 * A real server on a free port, serving `slices` (default: the core features); `call` sends JSON and returns status
 * and parsed body. State-changing calls (anything but GET) carry an administrator's API token (`adminToken`), so
 * tests that write do so as a caller who may; reads stay anonymous. `callAs(token, …)` calls as someone else
 * (undefined: anonymous).
 */
export async function startTestServer(deps: CoreDeps, slices: readonly Slice[] = coreSlices(deps)) {
  const server: WebServer = await startWebServer({ ...deps, slices }, { host: '127.0.0.1', port: 0 });
  const adminToken = await tokenFor(deps.store, { roles: ['admin'] });
  const call = (method: string, path: string, body?: unknown, raw?: string) =>
    callAs(method === 'GET' ? undefined : adminToken, method, path, body, raw);
  async function callAs(token: string | undefined, method: string, path: string, body?: unknown, raw?: string) {
    const headers: Record<string, string> = body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {};
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(server.url + path, {
      method,
      headers,
      body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  const asAdmin = (method: string, path: string, body?: unknown, raw?: string) => callAs(adminToken, method, path, body, raw);
  return { server, call, callAs, asAdmin, adminToken, close: () => server.close() };
}
