/**
 * Reads the scan facts of one county from the database (schema: src/persistence/migrations/001-core.sql,
 * tables `parcels` and `events`) into the pure `Actuals` shape of ./actuals.ts.
 *
 * Mapping (docs/coverage.md §6, docs/persistence.md): a parcel with a `picked_up` scan and no
 * `delivered` scan is an **upward** parcel picked up at the scan's node (else its village); every
 * other parcel with a resolved village is a **downward** parcel whose lead time runs from `ready_at`
 * (ready at the county warehouse) to its first `delivered` scan. A `picked_up` scan after a
 * `delivered` one (the addressee collecting it) leaves the parcel downward and does not end its lead time.
 */
import { ValidationError } from '../errors.ts';
import { formatInstant, formatInstantOrNull } from '../domain/time.ts';
import type { Db } from '../persistence/db.ts';
import type { Actuals, ActualParcel } from './actuals.ts';

interface Row {
  id: string;
  village_code: string | null;
  ready_at: Date | string;
  delivered_at: Date | string | null;
  picked_up_at: Date | string | null;
  pickup_node: string | null;
}

const iso = (t: Date | string | null): string | null => formatInstantOrNull(t);

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period [from, to) as ISO instants. Plain dates `YYYY-MM-DD` are county service days in
 * Beijing time (UTC+8) and `to` is inclusive: `2026-11-02`..`2026-11-15` is
 * [2026-11-01T16:00Z, 2026-11-15T16:00Z), two whole weeks. Instants pass through (normalised).
 */
export function periodInstants(from: string, to: string): { from: string; to: string } {
  const start = DATE.test(from) ? Date.parse(`${from}T00:00:00+08:00`) : Date.parse(from);
  const end = DATE.test(to) ? Date.parse(`${to}T00:00:00+08:00`) + 86_400_000 : Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new ValidationError([{ field: Number.isNaN(start) ? 'from' : 'to', reason: 'must be a date YYYY-MM-DD or an ISO instant' }]);
  if (end < start) throw new ValidationError([{ field: 'to', reason: 'must not be before from' }]);
  return { from: formatInstant(start), to: formatInstant(end) };
}

/**
 * Downward parcels of `county` (6-digit code) ready at the warehouse in the period, with their first
 * `delivered` scan, and upward parcels picked up in the period. `from`/`to`: see `periodInstants`
 * (dates are Beijing-time days, `to` inclusive; instants are a half-open interval).
 */
export async function loadActuals(db: Db, county: string, fromArg: string, toArg: string): Promise<Actuals> {
  const { from, to } = periodInstants(fromArg, toArg);
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
  const parcels: ActualParcel[] = [];
  for (const row of r.rows) {
    const up = row.picked_up_at !== null && row.delivered_at === null;
    const village = up ? (row.pickup_node ?? row.village_code) : row.village_code;
    if (village === null) continue; // unresolved destination: not attributable to a village
    parcels.push({
      id: row.id,
      village,
      direction: up ? 'up' : 'down',
      atWarehouse: up ? null : iso(row.ready_at),
      deliveredAt: up ? null : iso(row.delivered_at),
      pickedUpAt: up ? iso(row.picked_up_at) : null,
    });
  }
  return { from, to, parcels };
}
