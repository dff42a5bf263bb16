import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './http/app.ts';
import { LIMITS } from './shared/limits.ts';

export type HttpTimeouts = { readonly [K in keyof typeof LIMITS.http]: number };

export interface WebServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts the API on host:port (port 0 picks a free one, for tests), with the header, request and keep-alive timeouts of
 * LIMITS.http (a slow or half-sent request is dropped, not held).
 */
export async function startWebServer(
  deps: AppDeps,
  options: { host: string; port: number; timeouts?: Partial<HttpTimeouts> },
): Promise<WebServer> {
  const app = createApp(deps);
  const t = { ...LIMITS.http, ...options.timeouts };
  const server = createServer(
    {
      headersTimeout: t.headersMs,
      requestTimeout: t.requestMs,
      keepAliveTimeout: t.keepAliveMs,
      connectionsCheckingInterval: t.checkIntervalMs,
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
