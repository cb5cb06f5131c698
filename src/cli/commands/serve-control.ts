/**
 * serve's local control socket: how `rural-dispatch backup` reaches a running server, since the
 * embedded database directory belongs to one process at a time (src/cli/data-dir-lock.ts). The
 * socket lives in a private directory (mode 0700) under the temp dir, and its path is recorded in
 * the data directory's lock file, so only the user who can read the data directory finds it.
 *
 * Protocol: the client sends one JSON line `{"op":"backup"}`; the server answers one JSON line,
 * `{"ok":true,"bytes":N}` followed by N bytes (a gzip tarball of the data directory), or
 * `{"ok":false,"error":"…"}`, then closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A request on the control socket. */
export interface ControlRequest {
  op: 'backup';
}

/** A listening control socket. */
export interface ControlSocket {
  readonly path: string;
  close(): Promise<void>;
}

/** Listens on a fresh private socket; `backup` makes the archive for a backup request. */
export async function startControlSocket(backup: () => Promise<Uint8Array>, onError: (err: unknown) => void): Promise<ControlSocket> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rd-ctl-'));
  const socketPath = path.join(dir, 'control.sock');
  const server = net.createServer((conn) => {
    let buf = '';
    conn.on('error', onError);
    conn.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        if (buf.length > 4096) conn.destroy();
        return;
      }
      conn.removeAllListeners('data');
      void answer(buf.slice(0, nl), conn, backup, onError);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    path: socketPath,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answer(line: string, conn: net.Socket, backup: () => Promise<Uint8Array>, onError: (err: unknown) => void): Promise<void> {
  try {
    const req = JSON.parse(line) as Partial<ControlRequest>;
    if (req.op !== 'backup') throw new Error(`unknown control request ${JSON.stringify(req.op)}`);
    const archive = await backup();
    conn.write(JSON.stringify({ ok: true, bytes: archive.length }) + '\n');
    conn.end(archive);
  } catch (err) {
    onError(err);
    conn.end(JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) }) + '\n');
  }
}

/** Asks the server at `socketPath` for a backup; resolves with the archive. */
export function requestBackup(socketPath: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socketPath);
    const chunks: Buffer[] = [];
    conn.on('connect', () => conn.write(JSON.stringify({ op: 'backup' } satisfies ControlRequest) + '\n'));
    conn.on('data', (b: Buffer) => chunks.push(b));
    conn.on('error', reject);
    conn.on('end', () => {
      const all = Buffer.concat(chunks);
      const nl = all.indexOf(0x0a);
      if (nl < 0) return reject(new Error('the server closed the control socket without an answer'));
      const head = JSON.parse(all.subarray(0, nl).toString('utf8')) as { ok: boolean; bytes?: number; error?: string };
      if (!head.ok) return reject(new Error(`the server could not make the backup: ${head.error ?? 'unknown error'}`));
      const body = all.subarray(nl + 1);
      if (body.length !== head.bytes) return reject(new Error(`the backup was cut short: ${body.length} of ${head.bytes} bytes`));
      resolve(new Uint8Array(body));
    });
  });
}
