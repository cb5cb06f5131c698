/**
 * Numbered SQL migrations (`migrations/NNN-name.sql`), applied in order at open under a Postgres
 * advisory lock (so N processes starting together apply each file once) and recorded in
 * `schema_migrations`. Ranges: 001–049 persistence, 050–099 API (keys, jobs), 100+ coverage.
 * Each file runs in its own transaction; a failing file leaves the schema at the previous one.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PoolDb } from './pool-db.ts';

/** Folder holding the `.sql` migrations shipped with the code. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** One migration file: `version` is its numeric prefix, `name` the file name. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Reads `dir` and returns its migrations sorted by version; duplicate numbers are an error. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f));
  const out: Migration[] = [];
  for (const name of files) {
    out.push({ version: Number(name.slice(0, 3)), name, sql: await readFile(path.join(dir, name), 'utf8') });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) {
      throw new Error(`migrations ${out[i - 1]!.name} and ${out[i]!.name} share number ${out[i]!.version}`);
    }
  }
  return out;
}

/** Advisory lock key for migrations ('rdmigr' as a number), shared by every process. */
const MIGRATION_LOCK = 0x72646d69;

/**
 * Applies the migrations not yet recorded in `schema_migrations` (of the current search_path
 * schema). Returns the names applied by this call.
 */
export async function migrate(db: PoolDb, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return db.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${m.name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
        applied.push(m.name);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}
