import pino from 'pino';
import { coreSlices } from '../../src/features.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { noEvents, type CoreDeps } from '../../src/shared/deps.ts';
import { startWebServer, type WebServer } from '../../src/server.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import type { Store } from '../../src/store/types.ts';
import type { Slice } from '../../src/http/app.ts';

export const FIXED_NOW = new Date('2026-06-01T00:00:00Z');

export function coreDeps(store: Store = new EmbeddedStore()): CoreDeps {
  return { store, ref: defaultReference(), now: () => FIXED_NOW, events: noEvents, logger: pino({ level: 'silent' }) };
}

/**
 * A real server on a free port, serving `slices` (default: every feature but the refresh); `call` sends JSON and
 * returns status and parsed body.
 */
export async function startTestServer(deps: CoreDeps, slices: readonly Slice[] = coreSlices(deps)) {
  const server: WebServer = await startWebServer({ ...deps, slices }, { host: '127.0.0.1', port: 0 });
  async function call(method: string, path: string, body?: unknown, raw?: string) {
    const res = await fetch(server.url + path, {
      method,
      headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
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
  return { server, call, close: () => server.close() };
}
