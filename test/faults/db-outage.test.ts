/**
 * Losing Postgres: a TCP proxy between `serve` and Postgres cuts every connection in the middle of
 * an ingest transaction (on the batch's second INSERT) and refuses new ones. The process must not
 * crash; the request fails as 503 `unavailable`, the batch rolls back, /readyz says 503 and the
 * API answers 503 while the database is gone; when the proxy is back, it recovers by itself.
 * A database that cannot be reached at start is one line naming the URL (password masked), exit 2.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { feed } from '../api/harness.ts';
import { DEFAULT_PG_URL, postgresAvailable } from '../helpers/services.ts';
import { waitFor } from '../helpers/wait.ts';
import { openDb, pingDb, DatabaseUnavailableError } from '../../src/persistence/index.ts';
import { closedPort, killAll, serveReady, spawnBin } from './serve-process.ts';
import { startProxy, type FaultProxy } from './tcp-proxy.ts';

const schema = `rdfault_${randomBytes(4).toString('hex')}`;
const ready = postgresAvailable();
const proxies: FaultProxy[] = [];

async function sql<R extends pg.QueryResultRow>(text: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: DEFAULT_PG_URL });
  await c.connect();
  try {
    return (await c.query<R>(text)).rows;
  } finally {
    await c.end();
  }
}

async function proxyToPostgres(): Promise<FaultProxy> {
  const u = new URL(DEFAULT_PG_URL);
  const p = await startProxy({ host: u.hostname, port: Number(u.port || 5432) });
  proxies.push(p);
  return p;
}

afterAll(async () => {
  killAll();
  for (const p of proxies) await p.close();
  if (await ready) await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

describe('Postgres lost during a transaction', () => {
  it('when the connection drops mid-ingest, then serve answers 503, rolls the batch back and recovers when the database is back', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const proxy = await proxyToPostgres();
    const serve = spawnBin(['serve', '--port', '0', '--no-plan-missing'], {
      DATABASE_URL: proxy.via(DEFAULT_PG_URL),
      RD_DB_SCHEMA: schema,
      REDIS_URL: undefined,
    });
    const { url, key } = await serveReady(serve);
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    // 2500 rows: two chunks of the ingest transaction, so the cut comes after the first was written.
    const numbers = Array.from({ length: 2500 }, (_, i) => `OUT${String(i).padStart(5, '0')}`);
    const body = JSON.stringify(feed('ZTO', numbers).map((row) => ({ ...row, weight_kg: 2 })));

    const cut = proxy.cutOn('INSERT INTO parcels', 2);
    const failed = await fetch(`${url}v1/parcels`, { method: 'POST', headers: auth, body });
    expect(failed.status).toBe(503);
    await cut;
    expect(failed.headers.get('content-type')).toContain('application/problem+json');
    expect(await failed.json()).toMatchObject({ status: 503, code: 'unavailable' });

    // While the database is unreachable: not ready, and every database-backed answer is 503.
    const readyz = await fetch(`${url}readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toMatchObject({ status: 'unavailable', database: { ok: false, kind: 'postgres' } });
    const parcel = await fetch(`${url}v1/parcels/ZTO/OUT00000`, { headers: auth });
    expect(parcel.status).toBe(503);
    expect(parcel.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${url}healthz`)).status).toBe(200);
    expect(serve.child.exitCode).toBeNull();

    // Back: ready again without a restart, and nothing of the cut batch was kept.
    await proxy.restore();
    await waitFor(async () => (await fetch(`${url}readyz`)).status === 200, '/readyz to recover');
    const [row] = await sql<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.parcels WHERE tracking_no LIKE 'OUT%'`);
    expect(Number(row?.n)).toBe(0);
    expect((await fetch(`${url}v1/parcels/ZTO/OUT00000`, { headers: auth })).status).toBe(404);
    const again = await fetch(`${url}v1/parcels`, { method: 'POST', headers: auth, body });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: 2500, rejectedRows: 0 });
    expect(serve.child.exitCode).toBeNull();
    expect(serve.out()).not.toContain("Unhandled 'error' event");

    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
  });

  it('when the connections of an open pool drop, then queries fail as unavailable and the pool reconnects', async (ctx) => {
    if (!(await ready)) return ctx.skip();
    const proxy = await proxyToPostgres();
    const db = await openDb({ url: proxy.via(DEFAULT_PG_URL), schema, migrate: false });
    try {
      expect(await pingDb(db)).toBe(true);
      // One connection idle in the pool, one checked out in a transaction: both die together.
      await db.transaction(async (tx) => tx.query('SELECT 3'));
      let cut: Promise<void> = Promise.resolve();
      const err = await db
        .transaction(async (tx) => {
          await tx.query('SELECT 1');
          cut = proxy.cutOn('SELECT 2');
          return tx.query('SELECT 2');
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      await cut;
      expect(err).toBeInstanceOf(DatabaseUnavailableError);
      expect(await pingDb(db)).toBe(false);
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DatabaseUnavailableError);
      await expect(db.transaction(async (tx) => tx.query('SELECT 1'))).rejects.toMatchObject({ code: 'unavailable' });
      await proxy.restore();
      await waitFor(() => pingDb(db), 'the pool to reconnect');
      expect((await db.transaction(async (tx) => tx.query<{ x: number }>('SELECT 4 AS x'))).rows).toEqual([{ x: 4 }]);
    } finally {
      await db.close();
    }
  });
});

describe('a database that cannot be reached at start', () => {
  it('when DATABASE_URL names a closed port, then serve prints one line naming the URL with the password masked and exits 2', async () => {
    const port = await closedPort();
    const s = spawnBin(['serve', '--port', '0', '--no-plan-missing'], {
      DATABASE_URL: `postgres://rd:s3cret-pw@127.0.0.1:${port}/test`,
      REDIS_URL: undefined,
    });
    const { code } = await s.exited;
    expect(code).toBe(2);
    const lines = s.out().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`postgres://rd:***@127.0.0.1:${port}/test`);
    expect(lines[0]).toMatch(/ECONNREFUSED/);
    expect(s.out()).not.toContain('s3cret-pw');
  });

  it('when DATABASE_URL is not a postgres URL, then serve names it and exits 2', async () => {
    const s = spawnBin(['serve', '--port', '0'], { DATABASE_URL: 'mysql://rd:pw@127.0.0.1/x', REDIS_URL: undefined });
    expect((await s.exited).code).toBe(2);
    expect(s.out()).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL, got mysql:\/\/rd:\*\*\*@127\.0\.0\.1\/x/);
  });
});
