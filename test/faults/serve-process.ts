/** Spawning `rural-dispatch` (the compiled bin) for fault tests, and process-state checks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from '../helpers/wait.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A spawned process with its combined output. */
export interface Spawned {
  readonly child: ChildProcess;
  out(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

/** Spawns `command args` in the package directory with `env` added to this process's. */
export function spawnIn(command: string, args: readonly string[], env: Record<string, string | undefined> = {}): Spawned {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, LOG_LEVEL: 'warn', ...env })) if (v !== undefined) merged[k] = v;
  const child = spawn(command, [...args], { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, out: () => out, exited };
}

/** Runs `node bin/rural-dispatch.js args`. */
export function spawnBin(args: readonly string[], env: Record<string, string | undefined> = {}): Spawned {
  return spawnIn(process.execPath, ['bin/rural-dispatch.js', ...args], env);
}

/** Kills every process spawned here that is still running (afterAll). */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Waits for serve's "API and dashboard: URL" line and the first-start operator key. */
export async function serveReady(s: Spawned): Promise<{ url: string; key: string }> {
  const url = await waitFor(() => {
    if (s.child.exitCode !== null) throw new Error(`serve exited ${s.child.exitCode}:\n${s.out()}`);
    return /API and dashboard: (http:\/\/\S+)/.exec(s.out())?.[1];
  }, 'serve to listen', 120_000);
  const key = await waitFor(() => /local operator API key[^\n]*\n(rd_\S+)/.exec(s.out())?.[1], 'the operator key');
  return { url, key };
}

/** True while process `pid` exists and is not a zombie (a reaped or exited process is gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: an orphan that exited but was not yet reaped is `Z`.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** A loopback port that nothing listens on (just released by a throw-away listener). */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
