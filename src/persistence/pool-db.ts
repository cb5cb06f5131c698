/**
 * The one `Db` adapter over a node-postgres `Pool`. Postgres uses a real pool; the embedded PGlite
 * default uses the same class over PGlite's node-postgres adapter (a pool of ONE connection), so
 * every repository statement runs through identical code on both backends.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Db, QueryResult } from './db.ts';
import { asUnavailable } from './unavailable.ts';

/** A queryable node-postgres object: a Pool or a checked-out PoolClient. */
type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function run<R>(q: Queryable, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  let res: pg.QueryResult;
  try {
    res = (await q.query(sql, params ? [...params] : undefined)) as unknown as pg.QueryResult;
  } catch (err) {
    throw asUnavailable(err);
  }
  // A multi-statement simple query returns an array of results; report the last one.
  const last = Array.isArray(res) ? (res[res.length - 1] as pg.QueryResult | undefined) : res;
  return { rows: (last?.rows ?? []) as R[], rowCount: last?.rowCount ?? 0 };
}

/**
 * A connection that dies while checked out emits 'error' on its client; the pool listens only on
 * idle clients, and an 'error' event nobody listens to ends the process. The failure itself reaches
 * the caller through the query it rejects, so the event only needs a listener.
 */
function ignoreClientError(): void {}

/** Checks a client out of `pool` with the error listener on (connection failures as `unavailable`). */
async function checkout(pool: pg.Pool): Promise<pg.PoolClient> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw asUnavailable(err);
  }
  client.on('error', ignoreClientError);
  return client;
}

/** Returns a client to the pool (destroyed when `broken`), without the listener `checkout` added. */
function checkin(client: pg.PoolClient, broken: boolean): void {
  client.removeListener('error', ignoreClientError);
  client.release(broken);
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
    await run(this.client, `SAVEPOINT ${name}`);
    try {
      const out = await fn(this);
      await run(this.client, `RELEASE SAVEPOINT ${name}`);
      return out;
    } catch (err) {
      await run(this.client, `ROLLBACK TO SAVEPOINT ${name}`);
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
    private readonly dump?: () => Promise<Uint8Array>,
  ) {}

  /**
   * A gzip tarball of the embedded database directory (PGlite only), taken online: it holds the
   * one connection, so no transaction is open, and checkpoints first.
   */
  async dumpDataDir(): Promise<Uint8Array> {
    const dump = this.dump;
    if (!dump) throw new Error(`dumpDataDir() is for the embedded database, not ${this.kind}`);
    return this.withClient(async (client) => {
      await client.query('CHECKPOINT');
      return dump();
    });
  }

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
    const client = await checkout(this.pool);
    let broken = false;
    const tx = new TxDb(client, this.kind);
    try {
      await run(client, 'BEGIN');
      const out = await this.current.run(tx, () => fn(tx));
      await run(client, 'COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection died mid-transaction: Postgres rolls back on its own
      }
      throw asUnavailable(err);
    } finally {
      tx.finished = true;
      checkin(client, broken);
    }
  }

  /** Runs `fn` with one dedicated client outside any transaction (session-level advisory locks). */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await checkout(this.pool);
    try {
      return await fn(client);
    } catch (err) {
      throw asUnavailable(err);
    } finally {
      checkin(client, false);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
    await this.onClose();
  }
}
