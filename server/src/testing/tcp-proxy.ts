// A TCP proxy tests can cut and restore, to make the database "go away" without stopping PostgreSQL.
import { createServer, connect, type Server, type Socket } from 'node:net';

/** Forwards a local port to `target`; `cut()` drops every connection and refuses new ones. */
export class TcpProxy {
  readonly #target: { host: string; port: number };
  #server: Server | null = null;
  #sockets = new Set<Socket>();
  port = 0;
  /** When set, a connection whose client sends a chunk containing this text is dropped at that moment. */
  dropWhenClientSends: string | null = null;

  constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  /** Starts listening (on the same port as before, after a cut). */
  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk: Buffer) => {
        if (this.dropWhenClientSends !== null && chunk.includes(this.dropWhenClientSends)) {
          client.destroy();
          upstream.destroy();
        }
      });
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Drops every open connection and stops accepting new ones. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
