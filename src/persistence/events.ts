/**
 * Postgres/PGlite adapter of the EventRepository port (src/dispatch/ports.ts): scan events and the
 * forward-only parcel status they drive.
 */
import type { EventKind } from '../dispatch/events.ts';
import type { EventRepository, ParcelKey, ScanRow } from '../dispatch/ports.ts';
import type { Db } from './db.ts';

/** Rank of a status in SQL; must agree with scanRank in src/dispatch/ports.ts. */
const RANK = (col: string): string =>
  `CASE ${col} WHEN 'loaded' THEN 1 WHEN 'handed_to_bus' THEN 1 WHEN 'at_hub' THEN 2 WHEN 'delivered' THEN 3 WHEN 'picked_up' THEN 4 ELSE 0 END`;

/** The EventRepository of `db` (the pool or a transaction). */
export function pgEventRepository(db: Db): EventRepository {
  return {
    withTransaction: (fn) => db.transaction((tx) => fn(pgEventRepository(tx))),

    async findParcelIds(keys: readonly ParcelKey[]) {
      const r = await db.query<{ i: number; id: string | null }>(
        `SELECT k.i, p.id::text AS id
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(carrier, tracking_no, i)
         LEFT JOIN parcels p ON p.carrier = k.carrier AND p.tracking_no = k.tracking_no ORDER BY k.i`,
        [keys.map((k) => k.carrier), keys.map((k) => k.trackingNo)],
      );
      const out: (string | null)[] = keys.map(() => null);
      for (const row of r.rows) out[Number(row.i) - 1] = row.id;
      return out;
    },

    async insertScans(rows: readonly ScanRow[]) {
      if (rows.length === 0) return [];
      const r = await db.query<{ parcel_id: string; kind: EventKind }>(
        `INSERT INTO events (parcel_id, kind, at, node, run_id)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
         ON CONFLICT (parcel_id, kind, at) DO NOTHING
         RETURNING parcel_id::text, kind`,
        [rows.map((o) => o.parcelId), rows.map((o) => o.kind), rows.map((o) => o.at), rows.map((o) => o.node), rows.map((o) => o.runId)],
      );
      return r.rows.map((x) => ({ parcelId: x.parcel_id, kind: x.kind }));
    },

    async advanceStatus(updates) {
      if (updates.length === 0) return;
      await db.query(
        `UPDATE parcels p SET status = u.status, updated_at = now()
         FROM (SELECT id, (array_agg(status ORDER BY rank DESC))[1] AS status, max(rank) AS rank
               FROM unnest($1::bigint[], $2::text[]) AS x(id, status)
               CROSS JOIN LATERAL (SELECT ${RANK('x.status')} AS rank) r
               GROUP BY id) u
         WHERE p.id = u.id AND u.rank > ${RANK('p.status')}`,
        [updates.map((u) => u.parcelId), updates.map((u) => u.status)],
      );
    },

    async parcelCounties(keys) {
      const r = await db.query<{ carrier: string; tracking_no: string; county: string }>(
        `SELECT p.carrier, p.tracking_no, p.county FROM parcels p
         JOIN unnest($1::text[], $2::text[]) AS k(carrier, tracking_no) USING (carrier, tracking_no)`,
        [keys.map((k) => k.carrier), keys.map((k) => k.trackingNo)],
      );
      return r.rows.map((x) => ({ carrier: x.carrier, trackingNo: x.tracking_no, county: x.county }));
    },
  };
}
