/**
 * Reads the scan facts of one county from the database (schema: src/persistence/migrations/001-core.sql,
 * tables `parcels` and `events`) into the pure `Actuals` shape of ./actuals.ts.
 *
 * Mapping (docs/coverage.md §6): every parcel with a resolved village is a downward parcel whose lead
 * time runs from `ready_at` (ready at the county warehouse) to its first `delivered` scan (arrival at
 * the village point). `picked_up` means the addressee collected it there (src/dispatch/events.ts), so
 * it does not end the lead time. The schema records no upward (village → county) parcels yet, so
 * the result says `upward: false` and actual pickup figures stay null.
 */
import { ValidationError } from '../errors.ts';
import type { Db } from '../persistence/db.ts';
import type { Actuals, ActualParcel } from './actuals.ts';

interface Row {
  id: string;
  village_code: string | null;
  ready_at: Date | string;
  delivered_at: Date | string | null;
}

const iso = (t: Date | string | null): string | null => (t === null ? null : t instanceof Date ? t.toISOString() : new Date(t).toISOString());

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
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/**
 * Parcels of `county` (6-digit code) with a resolved village that were ready at the warehouse in the
 * period, with their first `delivered` scan. `from`/`to`: see `periodInstants` (dates are
 * Beijing-time days, `to` inclusive; instants are a half-open interval).
 */
export async function loadActuals(db: Db, county: string, fromArg: string, toArg: string): Promise<Actuals> {
  const { from, to } = periodInstants(fromArg, toArg);
  const r = await db.query<Row>(
    `SELECT p.id::text AS id, p.village_code, p.ready_at, min(e.at) AS delivered_at
       FROM parcels p
       LEFT JOIN events e ON e.parcel_id = p.id AND e.kind = 'delivered'
      WHERE p.county = $1 AND p.village_code IS NOT NULL
        AND p.ready_at >= $2::timestamptz AND p.ready_at < $3::timestamptz
      GROUP BY p.id`,
    [county, from, to],
  );
  const parcels: ActualParcel[] = r.rows
    .filter((row): row is Row & { village_code: string } => row.village_code !== null)
    .map((row) => ({
      id: row.id,
      village: row.village_code,
      direction: 'down',
      atWarehouse: iso(row.ready_at),
      deliveredAt: iso(row.delivered_at),
      pickedUpAt: null,
    }));
  return { from, to, parcels, upward: false };
}
