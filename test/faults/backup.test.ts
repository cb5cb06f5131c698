/**
 * Backups of the embedded database, round trip: parcels ingested through a running `serve`, a
 * backup taken while it runs (through its control socket: the directory is locked by serve), a
 * restore into a fresh directory, and the parcels are there. Parcels ingested after the backup
 * are not. Restoring over an existing database is refused.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/cli/data-dir-lock.ts';
import { openDb } from '../../src/persistence/index.ts';
import { feed } from '../api/harness.ts';
import { killAll, serveReady, spawnBin } from './serve-process.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rd-backup-'));
afterAll(() => {
  killAll();
  rmSync(tmp, { recursive: true, force: true });
});

const noServices = { DATABASE_URL: undefined, REDIS_URL: undefined };

async function run(args: string[]): Promise<{ code: number | null; out: string }> {
  const p = spawnBin(args, noServices);
  const { code } = await p.exited;
  return { code, out: p.out() };
}

async function trackingNumbers(dir: string): Promise<string[]> {
  const db = await openDb({ dataDir: dir, useEnv: false, migrate: false });
  try {
    const r = await db.query<{ tracking_no: string }>("SELECT tracking_no FROM parcels WHERE tracking_no LIKE 'BK%' ORDER BY tracking_no");
    return r.rows.map((x) => x.tracking_no);
  } finally {
    await db.close();
  }
}

describe('rural-dispatch backup / restore (embedded database)', () => {
  it('when parcels are ingested, backed up while serve runs and restored into a fresh directory, then the parcels are there', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const file = path.join(tmp, 'a.tar.gz');
    const serve = spawnBin(['serve', '--port', '0', '--data', a, '--no-plan-missing'], noServices);
    const { url, key } = await serveReady(serve);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const ingest = async (numbers: string[]): Promise<void> => {
      const r = await fetch(`${url}v1/parcels`, { method: 'POST', headers, body: JSON.stringify(feed('ZTO', numbers)) });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ accepted: numbers.length });
    };
    await ingest(['BK001', 'BK002', 'BK003']);

    const backup = await run(['backup', '--data', a, '--out', file]);
    expect(backup.out).toMatch(/backed up .* made by the running serve/);
    expect(backup.code).toBe(0);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    await ingest(['BK004']); // after the backup: not in it

    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect(existsSync(path.join(a, LOCK_FILE))).toBe(false);

    const restore = await run(['restore', '--data', b, file]);
    expect(restore.out).toContain(`restored ${file} into ${b}`);
    expect(restore.code).toBe(0);
    expect(await trackingNumbers(b)).toEqual(['BK001', 'BK002', 'BK003']);
    expect(await trackingNumbers(a)).toEqual(['BK001', 'BK002', 'BK003', 'BK004']);

    // Offline backup (no server holds the directory) of the restored copy, and no restore over a database.
    const again = await run(['backup', '--data', b, '--out', path.join(tmp, 'b.tar.gz')]);
    expect(again.out).toMatch(/made by this process/);
    expect(again.code).toBe(0);
    const over = await run(['restore', '--data', b, file]);
    expect(over.code).toBe(2);
    expect(over.out).toMatch(/--data: .* already holds a database/);
    expect(await trackingNumbers(b)).toEqual(['BK001', 'BK002', 'BK003']);
  });

  it('when DATABASE_URL is set, then backup points to pg_dump and exits 2', async () => {
    const p = spawnBin(['backup', '--out', path.join(tmp, 'x.tar.gz')], { DATABASE_URL: 'postgres://rd@127.0.0.1:5432/test' });
    expect((await p.exited).code).toBe(2);
    expect(p.out()).toContain('use pg_dump for Postgres');
  });

  it('when the backup file is not a backup, then restore names it and exits 2', async () => {
    const bogus = path.join(tmp, 'bogus.tar.gz');
    writeFileSync(bogus, 'not a backup');
    const r = await run(['restore', '--data', path.join(tmp, 'c'), bogus]);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`FILE: ${bogus} is not a backup made by rural-dispatch backup`);
  });
});
