/**
 * Backups of the embedded database: a gzip tarball of the PGlite data directory (PGlite's
 * `dumpDataDir`), and restoring one into an empty directory. Postgres is backed up with its own
 * tools (pg_dump / pg_restore, see docs/operations.md).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db } from './db.ts';
import { PoolDb } from './pool-db.ts';

/** A gzip tarball of the embedded database behind `db` (online; throws for Postgres). */
export async function backupEmbedded(db: Db): Promise<Uint8Array> {
  if (!(db instanceof PoolDb) || db.kind !== 'pglite') throw new Error(`backups here are of the embedded database; this one is ${db.kind}`);
  return db.dumpDataDir();
}

/** True when `dir` already holds a database (PG_VERSION). */
export function holdsDatabase(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION'));
}

/** Unpacks `archive` (from `backupEmbedded`) into `dir`, which must hold no database yet; checks that it opens. */
export async function restoreEmbedded(dir: string, archive: Uint8Array): Promise<void> {
  if (holdsDatabase(dir)) throw new Error(`${dir} already holds a database`);
  await mkdir(dir, { recursive: true });
  const lite = await PGlite.create(dir, { loadDataDir: new Blob([Uint8Array.from(archive)]) });
  try {
    await lite.query('SELECT 1');
  } finally {
    await lite.close();
  }
}
