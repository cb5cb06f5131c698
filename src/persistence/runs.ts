/**
 * Run bookkeeping shared by ingest (a changed parcel leaves its manifest) and dispatch.
 */
import type { Db } from './db.ts';

/** Recomputes load_kg, load_m3 and parcels of `runIds` from their manifest items. */
export async function refreshRunTotals(tx: Db, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.query(
    `UPDATE runs r SET
       load_kg = coalesce(t.kg, 0), load_m3 = coalesce(t.m3, 0), parcels = coalesce(t.n, 0)
     FROM (SELECT x.id, sum(p.weight_kg) AS kg, sum(p.volume_l) / 1000.0 AS m3, count(p.id)::int AS n
           FROM unnest($1::text[]) AS x(id)
           LEFT JOIN manifest_items m ON m.run_id = x.id
           LEFT JOIN parcels p ON p.id = m.parcel_id
           GROUP BY x.id) t
     WHERE r.id = t.id`,
    [[...new Set(runIds)]],
  );
}
