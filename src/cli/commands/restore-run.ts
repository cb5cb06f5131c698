/**
 * The work of `rural-dispatch restore` (declared in ./restore.ts, this module is loaded when it runs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../errors.ts';
import { defaultDataDir, holdsDatabase, restoreEmbedded } from '../../persistence/index.ts';
import { claimDataDir } from '../data-dir-lock.ts';
import { refusePostgres } from './backup-run.ts';

/** Options of `restore`. */
export interface RestoreOptions {
  data?: string;
}

/** Runs `restore FILE`. */
export async function runRestore(file: string, o: RestoreOptions): Promise<void> {
  refusePostgres('pg_restore');
  const dir = path.resolve(o.data ?? defaultDataDir());
  let archive: Uint8Array;
  try {
    archive = readFileSync(file);
  } catch (err) {
    throw new ValidationError([{ field: 'FILE', reason: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }]);
  }
  if (archive.length < 2 || archive[0] !== 0x1f || archive[1] !== 0x8b) {
    throw new ValidationError([{ field: 'FILE', reason: `${file} is not a backup made by rural-dispatch backup (not gzip)` }]);
  }
  const lock = claimDataDir(dir, 'restore', 'stop it first; restore into a new directory and start serve with --data on it');
  try {
    if (holdsDatabase(dir)) {
      throw new ValidationError([{ field: '--data', reason: `${dir} already holds a database: restore into a new or empty directory, then start serve with --data on it` }]);
    }
    await restoreEmbedded(dir, archive);
  } finally {
    lock.release();
  }
  process.stdout.write(`restored ${file} into ${dir}; start it with: rural-dispatch serve --data ${dir}\n`);
}
