/**
 * The database port: the one interface every repository uses. Adapters: Postgres through `pg`
 * (DATABASE_URL) and the embedded PGlite default through its node-postgres adapter; both pass the
 * same conformance suite. SQL is plain Postgres (no PostGIS: geometry is lon/lat columns + turf).
 */
/** Rows of one statement and the number of rows it returned or changed. */
export interface QueryResult<R> {
  readonly rows: R[];
  readonly rowCount: number;
}

/** A database handle: the pool, or (inside `transaction`) the transaction's connection. */
export interface Db {
  /** Runs one parameterised statement ($1, $2, …). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs `fn` in one transaction: commit on resolve, roll back on throw (nothing half-written). */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** `postgres` or `pglite`, for logs and /readyz. */
  readonly kind: 'postgres' | 'pglite';
  /** Releases connections (and stops the embedded database). */
  close(): Promise<void>;
}
