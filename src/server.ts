import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from './http/app.ts';

export interface WebServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the API on host:port (port 0 picks a free one, for tests). */
export async function startWebServer(deps: AppDeps, options: { host: string; port: number }): Promise<WebServer> {
  const app = createApp(deps);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, options.host, (err?: Error) => (err ? reject(err) : resolve(s)));
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
