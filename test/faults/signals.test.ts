/**
 * Stopping the README's command, `npx rural-dispatch serve`: npx runs node under `sh -c` under
 * npm, and a SIGTERM to npx (or to the shell) never reached node, which went on serving as an
 * orphan. Whichever process of the command gets SIGTERM, the node server must shut down
 * gracefully (its data-dir lock released), and its port must close.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, type DataDirOwner } from '../../src/cli/data-dir-lock.ts';
import { waitFor } from '../helpers/wait.ts';
import { killAll, portOpen, processAlive, spawnIn } from './serve-process.ts';

const dirs: string[] = [];
/** Node server pids: a failing test would leave its server orphaned (not our child) behind. */
const servers: number[] = [];
afterAll(() => {
  killAll();
  for (const pid of servers) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** Starts the README's command on a fresh data dir; resolves with the node server's pid and port. */
async function startNpx(): Promise<{ npx: ReturnType<typeof spawnIn>; data: string; pid: number; port: number }> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'rd-signal-'));
  dirs.push(data);
  const npx = spawnIn('npx', ['rural-dispatch', 'serve', '--port', '0', '--data', data, '--no-plan-missing'], {
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    LOG_LEVEL: 'info',
  });
  const owner = await waitFor(() => {
    if (npx.child.exitCode !== null) throw new Error(`npx exited ${npx.child.exitCode}:\n${npx.out()}`);
    try {
      const o = JSON.parse(readFileSync(path.join(data, LOCK_FILE), 'utf8')) as DataDirOwner;
      return o.url ? o : undefined;
    } catch {
      return undefined;
    }
  }, 'serve to listen', 120_000);
  servers.push(owner.pid);
  expect(owner.pid).not.toBe(npx.child.pid); // node runs under npm and sh, not as the npx process
  return { npx, data, pid: owner.pid, port: Number(new URL(owner.url!).port) };
}

async function expectStopped(s: { npx: ReturnType<typeof spawnIn>; data: string; pid: number; port: number }): Promise<void> {
  await waitFor(() => !processAlive(s.pid), `the node server (pid ${s.pid}) to exit`, 60_000).catch((err: Error) => {
    throw new Error(`${err.message}; its output:\n${s.npx.out()}`);
  });
  expect(await portOpen(s.port)).toBe(false);
  // A graceful stop removes the lock (a killed server would leave it behind).
  expect(existsSync(path.join(s.data, LOCK_FILE))).toBe(false);
}

describe.skipIf(process.platform !== 'linux')('SIGTERM to `npx rural-dispatch serve`', () => {
  it('when the npx process gets SIGTERM, then the node server stops and its port closes', async () => {
    const s = await startNpx();
    expect(await portOpen(s.port)).toBe(true);
    s.npx.child.kill('SIGTERM');
    await expectStopped(s);
  });

  it('when the shell between npm and node gets SIGTERM, then the node server stops too', async (ctx) => {
    const s = await startNpx();
    const sh = parentOf(s.pid);
    if (sh === s.npx.child.pid) {
      // This npm's shell exec'd node: there is no shell in between to signal.
      s.npx.child.kill('SIGTERM');
      await expectStopped(s);
      return ctx.skip();
    }
    process.kill(sh, 'SIGTERM');
    await expectStopped(s);
    s.npx.child.kill('SIGTERM');
  });

  it('when the node server itself gets SIGTERM, then it stops and npx exits', async () => {
    const s = await startNpx();
    process.kill(s.pid, 'SIGTERM');
    await expectStopped(s);
    await s.npx.exited;
  });
});
