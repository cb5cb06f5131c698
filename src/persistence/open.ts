/**
 * Opens the database: Postgres when a URL is given (DATABASE_URL), else embedded PGlite through its
 * node-postgres adapter, so the same `pg` repository code runs on both. Migrations are applied on
 * open. PGlite has a single connection: transactions are serialised by the one-connection pool.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import envPaths from 'env-paths';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Db } from './db.ts';
import { PoolDb } from './pool-db.ts';
import { migrate } from './migrate.ts';
import { DatabaseUnavailableError, asUnavailable, isConnectionError, maskUrl, reason } from './unavailable.ts';
import { ValidationError } from '../errors.ts';

/** How long a new Postgres connection may take before the attempt fails as `unavailable`. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Options of `openDb`. */
export interface OpenDbOptions {
  /** Postgres connection URL; when absent (and DATABASE_URL unset, see `useEnv`), PGlite is used. */
  url?: string;
  /**
   * PGlite data directory, or `':memory:'` for a throw-away in-memory database (tests).
   * Default: `<user data dir>/rural-dispatch/pglite` (env-paths).
   */
  dataDir?: string;
  /**
   * Postgres only: a schema to create (if missing) and use as `search_path` for every connection,
   * so parallel test suites each get their own tables. Must match /^[a-z_][a-z0-9_]*$/.
   */
  schema?: string;
  /** Read DATABASE_URL when `url` is absent. Default true. */
  useEnv?: boolean;
  /** Postgres pool size. Default 10. */
  max?: number;
  /** Apply migrations on open. Default true. */
  migrate?: boolean;
}

/** The default PGlite data directory under the user's data dir (e.g. ~/.local/share/rural-dispatch/pglite). */
export function defaultDataDir(): string {
  return path.join(envPaths('rural-dispatch', { suffix: '' }).data, 'pglite');
}

/** Opens Postgres (`url`/DATABASE_URL) or embedded PGlite, applies migrations, returns the `Db`. */
export async function openDb(options: OpenDbOptions = {}): Promise<Db> {
  const url = options.url ?? (options.useEnv === false ? undefined : process.env.DATABASE_URL || undefined);
  const db = url ? await openPostgres(url, options) : await openPglite(options.dataDir ?? defaultDataDir());
  if (options.migrate !== false) {
    try {
      await migrate(db);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

/** Rejects a DATABASE_URL that is not a postgres:// URL, naming it (password masked). */
function checkUrl(url: string): void {
  let ok = false;
  try {
    ok = ['postgres:', 'postgresql:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new ValidationError([{ field: 'DATABASE_URL', reason: `must be a postgres:// URL, got ${maskUrl(url)}` }]);
}

/** A first connection: fails with one line naming the URL when the server cannot be reached. */
async function firstConnection(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  c.on('error', () => {}); // a failure reaches us through connect() or the query it rejects
  try {
    await c.connect();
  } catch (err) {
    await c.end().catch(() => {});
    if (!isConnectionError(err)) throw err;
    throw new DatabaseUnavailableError(`cannot connect to the database at ${maskUrl(url)}: ${reason(err)}`, err);
  }
  return c;
}

async function openPostgres(url: string, options: OpenDbOptions): Promise<PoolDb> {
  checkUrl(url);
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema ${JSON.stringify(schema)} must match /^[a-z_][a-z0-9_]*$/`);
  const c = await firstConnection(url);
  try {
    if (schema !== undefined) {
      // Serialised: concurrent CREATE SCHEMA IF NOT EXISTS can still collide on the catalog.
      await c.query('BEGIN');
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`rd-schema:${schema}`]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await c.query('COMMIT');
    }
  } catch (err) {
    throw asUnavailable(err, `the database at ${maskUrl(url)}`);
  } finally {
    await c.end().catch(() => {});
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // A client losing its server must not crash the process: idle ones are dropped by the pool
  // (this listener), checked-out ones are handled in PoolDb; the next query connects anew.
  pool.on('error', () => {});
  return new PoolDb(pool, 'postgres');
}

async function openPglite(dataDir: string): Promise<PoolDb> {
  let lite: PGlite;
  if (dataDir === ':memory:') {
    lite = await PGlite.create();
  } else {
    await mkdir(dataDir, { recursive: true });
    lite = await PGlite.create(dataDir);
  }
  // The adapter's config carries poolSize 1: one connection, so transactions are serialised.
  const pool = new pg.Pool({ ...createPgConfig(lite), idleTimeoutMillis: 0 } as unknown as pg.PoolConfig);
  const dump = async (): Promise<Uint8Array> => new Uint8Array(await (await lite.dumpDataDir('gzip')).arrayBuffer());
  return new PoolDb(pool, 'pglite', () => lite.close(), dump);
}
