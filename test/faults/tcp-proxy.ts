/**
 * A TCP proxy for fault tests (node:net): put it in front of Postgres, then cut every connection,
 * at once or when a client sends a given statement, and refuse new ones until `restore()`.
 * Only loopback addresses are used.
 */
import net from 'node:net';

/** A running proxy on 127.0.0.1. */
export interface FaultProxy {
  readonly port: number;
  /** `url` (a postgres:// URL of the real server) with host and port replaced by the proxy's. */
  via(url: string): string;
  /** Destroys every open connection and stops listening (new connections are refused). */
  cut(): Promise<void>;
  /**
   * Cuts (as `cut`) when a client sends a chunk containing `marker` for the `nth` time, before
   * that chunk reaches the server; resolves when it has cut.
   */
  cutOn(marker: string, nth?: number): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (host:port) on a free loopback port. */
export async function startProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  let trigger: { marker: Buffer; left: number; fire: () => void } | null = null;
  let accepted = 0;

  const destroyAll = (): void => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };

  const onConnection = (client: net.Socket): void => {
    accepted++;
    const server = net.connect(target);
    sockets.add(client);
    sockets.add(server);
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      const t = trigger;
      if (t) {
        // Keep the end of the previous chunk: a marker may straddle two chunks.
        const hay = Buffer.concat([tail, chunk]);
        tail = hay.subarray(Math.max(0, hay.length - t.marker.length));
        if (hay.includes(t.marker) && --t.left === 0) {
          trigger = null;
          t.fire();
          return;
        }
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    const drop = (): void => {
      client.destroy();
      server.destroy();
      sockets.delete(client);
      sockets.delete(server);
    };
    client.on('error', drop).on('close', drop);
    server.on('error', drop).on('close', drop);
  };

  let listener = net.createServer(onConnection);
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  const port = (listener.address() as net.AddressInfo).port;
  let listening = true;

  const stopListening = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((r) => listener.close(() => r()));
    destroyAll();
    await closed;
  };

  return {
    port,
    get accepted() {
      return accepted;
    },
    via(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut: stopListening,
    cutOn(marker, nth = 1) {
      return new Promise<void>((resolve) => {
        trigger = { marker: Buffer.from(marker), left: nth, fire: () => void stopListening().then(resolve) };
      });
    },
    async restore() {
      if (listening) return;
      listener = net.createServer(onConnection);
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(port, '127.0.0.1', () => resolve());
      });
      listening = true;
    },
    async close() {
      trigger = null;
      await stopListening();
    },
  };
}
