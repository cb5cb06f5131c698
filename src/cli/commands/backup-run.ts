/**
 * The work of `rural-dispatch backup` (declared in ./backup.ts, this module is loaded when it runs).
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError, ValidationError } from '../../errors.ts';
import { backupEmbedded, defaultDataDir, holdsDatabase, openDb } from '../../persistence/index.ts';
import { claimDataDir, dataDirOwner } from '../data-dir-lock.ts';
import { requestBackup } from './serve-control.ts';

/** Options of `backup`. */
export interface BackupOptions {
  data?: string;
  out: string;
}

/** Refuses Postgres: its backups are pg_dump's job. */
export function refusePostgres(tool: string): void {
  if (process.env.DATABASE_URL) {
    throw new ValidationError([
      { field: 'DATABASE_URL', reason: `is set: this command is for the embedded database; use ${tool} for Postgres (see docs/operations.md)` },
    ]);
  }
}

async function archiveOf(dir: string): Promise<{ archive: Uint8Array; via: string }> {
  const owner = dataDirOwner(dir);
  if (owner) {
    if (!owner.control) {
      throw new AppError(`the embedded database ${dir} is in use by rural-dispatch ${owner.command} (pid ${owner.pid}), which takes no backups; stop it first`, 'conflict');
    }
    return { archive: await requestBackup(owner.control), via: `the running ${owner.command} (pid ${owner.pid})` };
  }
  if (!holdsDatabase(dir)) throw new ValidationError([{ field: '--data', reason: `${dir} holds no embedded database` }]);
  const lock = claimDataDir(dir, 'backup', 'stop that process first');
  try {
    const db = await openDb({ dataDir: dir, useEnv: false, migrate: false });
    try {
      return { archive: await backupEmbedded(db), via: 'this process' };
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}

/** Runs `backup`. */
export async function runBackup(o: BackupOptions): Promise<void> {
  refusePostgres('pg_dump');
  const dir = path.resolve(o.data ?? defaultDataDir());
  const { archive, via } = await archiveOf(dir);
  // Written beside the target and renamed: a failed backup never leaves a truncated file behind.
  const out = path.resolve(o.out);
  const partial = `${out}.partial`;
  try {
    writeFileSync(partial, archive);
    renameSync(partial, out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  process.stdout.write(`backed up ${dir} to ${out} (${archive.length} bytes, made by ${via})\n`);
}
