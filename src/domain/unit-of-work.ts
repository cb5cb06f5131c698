/**
 * The unit of work every repository port offers: `withTransaction(fn)` runs `fn` with a repository
 * bound to one transaction. It commits when `fn` resolves and rolls everything back when it throws
 * (nothing half-written). Calling `withTransaction` on a repository that is already inside a
 * transaction joins that transaction.
 */
export interface UnitOfWork<R> {
  withTransaction<T>(fn: (tx: R) => Promise<T>): Promise<T>;
}
