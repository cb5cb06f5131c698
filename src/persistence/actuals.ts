/**
 * Postgres/PGlite adapter of the ActualsRepository port (src/coverage/ports.ts): tables `parcels`
 * and `events` (schema: migrations/001-core.sql).
 */
import type { ActualsRepository } from '../coverage/ports.ts';
import type { Db } from './db.ts';
import { formatInstantOrNull } from '../domain/time.ts';

interface Row {
  id: string;
  village_code: string | null;
  ready_at: Date | string;
  delivered_at: Date | string | null;
  picked_up_at: Date | string | null;
  pickup_node: string | null;
}

const iso = (t: Date | string | null): string | null => formatInstantOrNull(t);

/** The ActualsRepository of `db`. */
export function pgActualsRepository(db: Db): ActualsRepository {
  return {
    async coverageVersion(county, withScans) {
      const r = await db.query<{ imported: string | null; active: string | null; scans: string | null; parcels: string | null }>(
        `SELECT (SELECT imported_at::text FROM counties WHERE code = $1) AS imported,
                (SELECT id::text FROM timetables WHERE county = $1 AND active) AS active,
                CASE WHEN $2::boolean THEN (SELECT coalesce(max(id), 0)::text FROM events) END AS scans,
                CASE WHEN $2::boolean THEN (SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') FROM parcels WHERE county = $1) END AS parcels`,
        [county, withScans],
      );
      const row = r.rows[0]!;
      return [row.imported, row.active, row.scans, row.parcels].map((v) => v ?? '-').join('|');
    },
    async scanFacts(county, from, to) {
      const r = await db.query<Row>(
        `SELECT p.id::text AS id, p.village_code, p.ready_at,
                min(e.at) FILTER (WHERE e.kind = 'delivered') AS delivered_at,
                min(e.at) FILTER (WHERE e.kind = 'picked_up') AS picked_up_at,
                (array_agg(e.node ORDER BY e.at) FILTER (WHERE e.kind = 'picked_up'))[1] AS pickup_node
           FROM parcels p
           LEFT JOIN events e ON e.parcel_id = p.id AND e.kind IN ('delivered', 'picked_up')
          WHERE p.county = $1
          GROUP BY p.id
         HAVING (p.ready_at >= $2::timestamptz AND p.ready_at < $3::timestamptz)
             OR (bool_or(e.kind = 'picked_up' AND e.at >= $2::timestamptz AND e.at < $3::timestamptz)
                 AND NOT bool_or(e.kind = 'delivered'))`,
        [county, from, to],
      );
      return r.rows.map((row) => ({
        id: row.id,
        villageCode: row.village_code,
        readyAt: iso(row.ready_at)!,
        deliveredAt: iso(row.delivered_at),
        pickedUpAt: iso(row.picked_up_at),
        pickupNode: row.pickup_node,
      }));
    },
  };
}
