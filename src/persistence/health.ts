/** Database readiness: one trivial statement through the pool. */
import type { Db } from './db.ts';

/** True when the database answers a trivial query. */
export async function pingDb(db: Db): Promise<boolean> {
  return db.query('SELECT 1').then(
    () => true,
    () => false,
  );
}
