/**
 * One process at a time on an embedded (PGlite) database directory. PGlite is Postgres compiled to
 * WebAssembly with no postmaster: two processes that open the same directory each get a private
 * copy of the database in memory and write their own pages and WAL back to the same files, so one
 * never sees the other's commits (a key made by `keys create` next to a running `serve` is answered
 * 401) and the files can end up corrupted. `serve` and `keys create` therefore claim the directory
 * with a small lock file naming the owner (`rural-dispatch.lock`: pid, command, URL), and refuse
 * to open a directory that a live process holds. A lock left by a process that died is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { formatInstant } from '../domain/time.ts';

/** Lock file name inside the data directory. */
export const LOCK_FILE = 'rural-dispatch.lock';

/** Who holds a data directory. */
export interface DataDirOwner {
  readonly pid: number;
  /** The command that holds it, e.g. `serve`. */
  readonly command: string;
  /** The holder's API address (serve), when it has one. */
  readonly url?: string;
  /** serve's local control socket (online backups), when it has one. */
  readonly control?: string;
  readonly since: string;
}

/** A held lock: `update` records the URL (and control socket) once known, `release` removes the file (idempotent). */
export interface DataDirLock {
  update(info: { url?: string; control?: string }): void;
  release(): void;
}

/** The database directory is held by another live process. HTTP 409; CLI exit 1 with the holder named. */
export class DataDirInUseError extends AppError {
  constructor(
    readonly dir: string,
    readonly owner: DataDirOwner,
    hint: string | ((owner: DataDirOwner) => string),
  ) {
    super(
      `the embedded database ${dir} is in use by rural-dispatch ${owner.command} (pid ${owner.pid}${owner.url ? `, ${owner.url}` : ''}); ${typeof hint === 'function' ? hint(owner) : hint}` +
        ` (if pid ${owner.pid} is not rural-dispatch, remove ${path.join(dir, LOCK_FILE)})`,
      'conflict',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding `dir`, or null (no lock file, an unreadable one, or a dead holder). */
export function dataDirOwner(dir: string): DataDirOwner | null {
  let owner: DataDirOwner;
  try {
    owner = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return null;
  if (owner.pid === process.pid) return null;
  return alive(owner.pid) ? owner : null;
}

/**
 * Claims `dir` for this process as `command`. Throws `DataDirInUseError` (with `hint` telling the
 * user what to do instead) when another live process holds it. `':memory:'` needs no lock.
 */
export function claimDataDir(dir: string, command: string, hint: string | ((owner: DataDirOwner) => string)): DataDirLock {
  if (dir === ':memory:') return { update() {}, release() {} };
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  let info: DataDirOwner = { pid: process.pid, command, since: formatInstant(Date.now()) };
  const write = (flag: 'wx' | 'w'): void => writeFileSync(file, JSON.stringify(info) + '\n', { flag });
  try {
    write('wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const owner = dataDirOwner(dir);
    if (owner) throw new DataDirInUseError(dir, owner, hint);
    write('w'); // stale: its holder died without removing it
  }
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    try {
      // Only our own lock: never remove one a later process took over.
      const cur = JSON.parse(readFileSync(file, 'utf8')) as DataDirOwner;
      if (cur.pid === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return {
    update(more) {
      if (!held) return;
      info = { ...info, ...(more.url !== undefined ? { url: more.url } : {}), ...(more.control !== undefined ? { control: more.control } : {}) };
      write('w');
    },
    release,
  };
}
