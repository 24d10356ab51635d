// A TCP proxy for tests of outages: a peer (Kafka, the schema registry, PostgreSQL) that is not
// listening yet and then is, or that goes away while in use.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** `127.0.0.1:<port>`: refuses connections until `open()`. */
  readonly address: string;
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's (`http://`, `postgres://`). */
  via(url: string): string;
  /** Starts listening: connections now reach the target. */
  open(): Promise<void>;
  /** Stops listening and drops every connection through it, as a network partition would. */
  cut(): Promise<void>;
}

/** A free port on 127.0.0.1, not listened on (a peer that has not started). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A proxy to `target` (`host:port`), closed until `open()`. */
export async function tcpProxy(target: string): Promise<TcpProxy> {
  const [host = '', targetPort = ''] = [
    target.slice(0, target.lastIndexOf(':')),
    target.slice(target.lastIndexOf(':') + 1),
  ];
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const address = `127.0.0.1:${port}`;
  return {
    address,
    port,
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    async open() {
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), host === 'localhost' ? '127.0.0.1' : host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('error', () => undefined);
          s.on('close', () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      const listening = server;
      await new Promise<void>((resolve) => listening.listen(port, '127.0.0.1', resolve));
    },
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (server) server.close(() => resolve());
        else resolve();
        server = undefined;
      }),
  };
}
