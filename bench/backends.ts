/**
 * Shared by the persistence benchmarks: runs one measurement on each backend — embedded PGlite in
 * memory, then Postgres at TEST_DATABASE_URL / DATABASE_URL (default: the local test database) in a
 * throw-away schema, skipped with a notice when nothing listens there — and prints the table and a
 * JSON line `{bench, results}`.
 */
import net from 'node:net';
import pg from 'pg';
import { openDb, type Db } from '../src/persistence/index.ts';

const PG_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when something listens at the URL's host and port. */
function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 5432) });
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** Runs `measure` on PGlite and (when reachable) Postgres, then reports the rows as `bench`. */
export async function onEachBackend<R>(bench: string, measure: (backend: string, db: Db) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  const lite = await openDb({ dataDir: ':memory:', useEnv: false });
  try {
    results.push(await measure('pglite (in memory)', lite));
  } finally {
    await lite.close();
  }
  if (await reachable(PG_URL)) {
    const schema = `bench_${bench}_${process.pid}`;
    const db = await openDb({ url: PG_URL, schema });
    try {
      results.push(await measure('postgres', db));
    } finally {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  } else {
    process.stdout.write(`postgres at ${new URL(PG_URL).host} not reachable: skipped\n`);
  }
  console.table(results);
  process.stdout.write(JSON.stringify({ bench, results }) + '\n');
  return results;
}
