/**
 * One process per embedded database directory: `keys create` next to a running `serve` used to
 * write the key into its own copy of the PGlite files, so the server answered the new key with 401
 * (and both processes wrote over each other's pages). Now the directory is claimed with a lock file
 * and a second process is refused with the holder named.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimDataDir, DataDirInUseError, dataDirOwner, LOCK_FILE } from '../../src/cli/data-dir-lock.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'rd-lock-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has exited (so a lock naming it is stale). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('data directory lock', () => {
  it('when a live process holds the directory, then another claim is refused with the holder named', () => {
    const dir = tmp();
    // Another live process: a child that waits. Its pid goes into the lock as the holder.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, command: 'serve', url: 'http://127.0.0.1:8080/', since: 'now' }));
      expect(dataDirOwner(dir)).toMatchObject({ pid: child.pid, command: 'serve' });
      let err: unknown;
      try {
        claimDataDir(dir, 'keys create', (o) => `use ${o.url}v1/keys`);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataDirInUseError);
      expect((err as Error).message).toContain(`in use by rural-dispatch serve (pid ${child.pid}, http://127.0.0.1:8080/)`);
      expect((err as Error).message).toContain('use http://127.0.0.1:8080/v1/keys');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('when the holder died, then the lock is taken over; release removes only our own lock', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), command: 'serve', since: 'then' }));
    expect(dataDirOwner(dir)).toBeNull();
    const lock = claimDataDir(dir, 'serve', 'x');
    lock.update({ url: 'http://127.0.0.1:1/' });
    expect(JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, command: 'serve', url: 'http://127.0.0.1:1/' });
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    expect(claimDataDir(':memory:', 'serve', 'x')).toBeTruthy();
  });

  it('when keys create runs while serve holds the directory, then it stops without touching the database and says how to make the key', () => {
    const dir = tmp();
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: holder.pid, command: 'serve', url: 'http://127.0.0.1:18181/', since: 'now' }));
      const r = spawnSync(process.execPath, ['bin/rural-dispatch.js', 'keys', 'create', '--role', 'carrier', '--carrier', 'SF', '--data', dir], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '' },
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stdout).not.toMatch(/rd_/);
      expect(r.stderr).toContain(`in use by rural-dispatch serve (pid ${holder.pid}`);
      expect(r.stderr).toContain(`curl -X POST http://127.0.0.1:18181/v1/keys`);
      expect(r.stderr).toContain(`{"role":"carrier","carrier":"SF"}`);
      // Nothing but the lock file: the database was not opened.
      expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
