/**
 * A restartable TCP proxy on a fixed local port, standing in for an outage of a shared server (Neo4j, Redis):
 * `stop` destroys every connection it carries and refuses new ones, `start` listens again on the same port, and
 * the server behind it (used by other suites at the same time) is never disturbed.
 */
import net from 'node:net';

export interface TcpProxy {
  /** the local port clients connect to; the same across stop/start */
  port: number;
  start(): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a proxy to `target` (host and port; a Bolt URL's default port 7687 when it has none). */
export async function startTcpProxy(target: { hostname: string; port: string | number }): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const start = async () => {
    if (server) return;
    const s = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 7687), target.hostname);
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server = s;
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
  };
  const stop = async () => {
    for (const socket of sockets) socket.destroy();
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();
  return { port, start, stop };
}

/** host and port of a bolt:// or neo4j:// URI */
export function boltTarget(uri: string): URL {
  return new URL(uri.replace(/^\w+(\+\w+)?:/, 'http:'));
}
