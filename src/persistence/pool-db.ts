/**
 * The one `Db` adapter over a node-postgres `Pool`. Postgres uses a real pool; the embedded PGlite
 * default uses the same class over PGlite's node-postgres adapter (a pool of ONE connection), so
 * every repository statement runs through identical code on both backends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Db, QueryResult } from './db.ts';

/** A queryable node-postgres object: a Pool or a checked-out PoolClient. */
type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function run<R>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  const res = (await q.query(sql, params ? [...params] : undefined)) as unknown as pg.QueryResult;
  // A multi-statement simple query returns an array of results; report the last one.
  const last = Array.isArray(res) ? (res[res.length - 1] as pg.QueryResult | undefined) : res;
  return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
}

/** A `Db` bound to one checked-out client inside an open transaction. Nested calls use savepoints. */
class TxDb implements Db {
  private depth = 0;
  /** Set once the transaction has committed or rolled back (the client is gone). */
  finished = false;
  constructor(
    private readonly client: pg.PoolClient,
    readonly kind: Db['kind'],
  ) {}

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return run<R>(this.client, sql, params);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const name = `sp_${++this.depth}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const out = await fn(this);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw err;
    } finally {
      this.depth--;
    }
  }

  close(): Promise<void> {
    return Promise.reject(new Error('close() called on a transaction handle; close the Db that opened it'));
  }
}

/**
 * `Db` over a pg Pool. `onClose` runs after the pool has ended (stops the embedded database).
 * With PGlite the pool has one connection, so a statement issued on the outer `Db` from inside
 * `transaction(fn)` could never get a connection: on PGlite such calls (same async context) run on
 * the open transaction instead of deadlocking. Code should still use `tx` (Postgres keeps the
 * outer call on its own connection, outside the transaction).
 */
export class PoolDb implements Db {
  private closed = false;
  private readonly current = new AsyncLocalStorage<TxDb>();
  constructor(
    private readonly pool: pg.Pool,
    readonly kind: Db['kind'],
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  /** The open transaction of this async context when a second connection cannot exist (PGlite). */
  private joined(): TxDb | undefined {
    const tx = this.kind === 'pglite' ? this.current.getStore() : undefined;
    // Work that outlives its transaction (fire-and-forget started inside it) gets the pool again.
    return tx && !tx.finished ? tx : undefined;
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    const tx = this.joined();
    return tx ? tx.query<R>(sql, params) : run<R>(this.pool, sql, params);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const open = this.joined();
    if (open) return open.transaction(fn);
    const client = await this.pool.connect();
    let broken = false;
    const tx = new TxDb(client, this.kind);
    try {
      await client.query('BEGIN');
      const out = await this.current.run(tx, () => fn(tx));
      await client.query('COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection died mid-transaction: Postgres rolls back on its own
      }
      throw err;
    } finally {
      tx.finished = true;
      client.release(broken);
    }
  }

  /** Runs `fn` with one dedicated client outside any transaction (session-level advisory locks). */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
    await this.onClose();
  }
}
