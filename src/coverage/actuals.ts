/**
 * Actual service from scan events: the input shape of the "actual" coverage figures and their
 * computation. Loading them from the database is `loadActuals` (./load-actuals.ts); this module is
 * pure. Definitions: docs/coverage.md §6.
 */
import { leadTimeStats, ratio } from './stats.ts';
import type { ActualMetrics } from './types.ts';

/** One parcel as the scans saw it. Instants are ISO 8601 strings (with offset or `Z`). */
export interface ActualParcel {
  /** Parcel id (carrier + tracking number, or the database id). */
  readonly id: string;
  /** Network id of the village (or community) it goes to or comes from. */
  readonly village: string;
  /** `down`: to the village (工业品下乡); `up`: picked up at the village (农畜产品进城). */
  readonly direction: 'down' | 'up';
  /** When the parcel reached the county warehouse (first warehouse scan); lead times count from here. */
  readonly atWarehouse: string | null;
  /** `delivered` scan at the village, if any. */
  readonly deliveredAt: string | null;
  /** For upward parcels: when it was picked up at the village (collected from the sender), if it was. */
  readonly pickedUpAt: string | null;
}

/** Scan facts of one county over the half-open period [from, to). */
export interface Actuals {
  readonly from: string;
  readonly to: string;
  readonly parcels: readonly ActualParcel[];
  /**
   * Whether the source records upward parcels at all (default true). When false, actual pickup
   * figures are null ("not measured") instead of 0.
   */
  readonly upward?: boolean;
}

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** Qinghai keeps Beijing time (UTC+8, no DST): local service days for pickup visits. */
const LOCAL_OFFSET_MS = 8 * HOUR_MS;

function instant(s: string | null): number | null {
  if (s === null) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/**
 * Measured metrics of the parcels of `villages` (a set of network ids) over `period`:
 * downward parcels that reached the warehouse in the period, their warehouse-to-village lead time
 * and the share delivered within 24 h and 48 h (undelivered parcels count as late); upward parcels
 * picked up in the period per week, and distinct village-days with a pickup per week (null when
 * `upward` is false: the source does not record upward parcels).
 */
export function actualMetrics(
  parcels: readonly ActualParcel[],
  villages: ReadonlySet<string>,
  period: { readonly from: string; readonly to: string },
  upward = true,
): ActualMetrics {
  const from = instant(period.from) ?? 0;
  const to = instant(period.to) ?? 0;
  const weeks = to > from ? (to - from) / WEEK_MS : 0;
  const inPeriod = (t: number | null): t is number => t !== null && t >= from && t < to;

  let parcelsDown = 0;
  let in24 = 0;
  let in48 = 0;
  const leads: number[] = [];
  let pickups = 0;
  const pickupDays = new Set<string>();
  for (const p of parcels) {
    if (!villages.has(p.village)) continue;
    if (p.direction === 'down') {
      const start = instant(p.atWarehouse);
      if (!inPeriod(start)) continue;
      parcelsDown++;
      const end = instant(p.deliveredAt);
      if (end === null || end < start) continue;
      const hours = (end - start) / HOUR_MS;
      leads.push(hours);
      if (hours <= 24) in24++;
      if (hours <= 48) in48++;
    } else {
      const at = instant(p.pickedUpAt);
      if (!inPeriod(at)) continue;
      pickups++;
      const day = new Date(at + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
      pickupDays.add(`${p.village}|${day}`);
    }
  }
  return {
    parcelsDown,
    delivered: leads.length,
    leadTime: leadTimeStats(leads),
    within24h: ratio(in24, parcelsDown),
    within48h: ratio(in48, parcelsDown),
    pickupsPerWeek: !upward ? null : weeks > 0 ? pickups / weeks : 0,
    pickupVisitsPerWeek: !upward ? null : weeks > 0 ? pickupDays.size / weeks : 0,
  };
}
