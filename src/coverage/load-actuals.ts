/**
 * Reads the scan facts of one county through the ActualsRepository port (./ports.ts) into the pure
 * `Actuals` shape of ./actuals.ts.
 *
 * Mapping (docs/coverage.md §6, docs/persistence.md): a parcel with a `picked_up` scan and no
 * `delivered` scan is an **upward** parcel picked up at the scan's node (else its village); every
 * other parcel with a resolved village is a **downward** parcel whose lead time runs from `ready_at`
 * (ready at the county warehouse) to its first `delivered` scan. A `picked_up` scan after a
 * `delivered` one (the addressee collecting it) leaves the parcel downward and does not end its lead time.
 */
import { ValidationError } from '../errors.ts';
import { formatInstant } from '../domain/time.ts';
import type { ActualsRepository } from './ports.ts';
import type { Actuals, ActualParcel } from './actuals.ts';

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
export async function loadActuals(repo: ActualsRepository, county: string, fromArg: string, toArg: string): Promise<Actuals> {
  const { from, to } = periodInstants(fromArg, toArg);
  const parcels: ActualParcel[] = [];
  for (const row of await repo.scanFacts(county, from, to)) {
    const up = row.pickedUpAt !== null && row.deliveredAt === null;
    const village = up ? (row.pickupNode ?? row.villageCode) : row.villageCode;
    if (village === null) continue; // unresolved destination: not attributable to a village
    parcels.push({
      id: row.id,
      village,
      direction: up ? 'up' : 'down',
      atWarehouse: up ? null : row.readyAt,
      deliveredAt: up ? null : row.deliveredAt,
      pickedUpAt: up ? row.pickedUpAt : null,
    });
  }
  return { from, to, parcels };
}
