/**
 * Daily dispatch of one county: the day's consolidated parcels go onto that weekday's runs and bus
 * trips under capacity (kg and m3; chilled/frozen only on refrigerated vehicles); overflow goes to
 * the village's next service (`next-service`, default) or to extra runs planned with the solver
 * (`extra-run`: for parcels that did not fit today's runs or whose village has no service within
 * 14 days; what the extra runs cannot take is deferred to the next service). Writes runs, stops,
 * manifests, shipments and a status + ETA per parcel in ONE transaction. Re-dispatching the same
 * (county, date) first removes that day's plan, so the result replaces it cleanly (idempotent).
 *
 * A parcel rides a service only if it is ready when that service leaves the warehouse; one ready
 * later that day waits for the next service (cause `not_ready`).
 *
 * Eligible parcels: resolved, ready before the end of the date (county time), and `pending`,
 * `deferred` from an earlier day (and due again by now), or already planned for this date.
 * Afterwards each is `assigned` (on a manifest) or `deferred` (with reason); unresolved parcels
 * stay `unresolved` and are counted.
 */
import { ValidationError, NotFoundError } from '../errors.ts';
import type { Db } from '../persistence/db.ts';
import { getCounty, type StoredCounty } from '../persistence/counties.ts';
import { getActiveTimetable } from '../persistence/timetables.ts';
import { refreshRunTotals } from '../persistence/runs.ts';
import type { Timetable } from '../domain/timetable.ts';
import { addDays, countyTimeOn, isServiceDate, startOfServiceDate } from '../ingest/time.ts';
import type { Temperature } from '../ingest/schema.ts';
import { assignParcels, type DispatchParcel, type Overflow, type Placement } from './assign.ts';
import { serviceDay, type PlannedRun, type ServiceDay } from './service-day.ts';
import { planExtraRuns, type ExtraRunOptions } from './extra-run.ts';

/** What happens to parcels that do not fit the day's runs. */
export type OverflowPolicy = 'next-service' | 'extra-run';

/** Options of `dispatchDay`. */
export interface DispatchOptions {
  /** Default `next-service`. */
  readonly overflow?: OverflowPolicy;
  /** Solver budget for extra runs. */
  readonly extraRun?: ExtraRunOptions;
}

/** Outcome of `dispatchDay`. */
export interface DispatchResult {
  readonly county: string;
  readonly date: string;
  readonly overflow: OverflowPolicy;
  /** Runs written for the date (timetable runs, bus runs, extra runs). */
  readonly runs: number;
  readonly extraRuns: number;
  /** Parcels considered (eligible on the date). */
  readonly parcels: number;
  readonly assigned: number;
  readonly deferred: number;
  /** Deferred parcels per cause (`capacity`, `needs_refrigeration`, `no_service`). */
  readonly deferredBy: Readonly<Record<string, number>>;
  /** Parcels of the county still unresolved (not dispatchable until an operator resolves them). */
  readonly unresolved: number;
}

interface EligibleRow {
  id: string;
  carrier: string;
  village_code: string;
  weight_kg: number;
  volume_l: number;
  temperature: Temperature;
  ready_at: Date;
  due_by: Date | null;
}

/** SQL predicate (params: $1 county, $2 date, $3 end-of-date instant) of parcels eligible on a date. */
export const ELIGIBLE_SQL = `county = $1 AND village_code IS NOT NULL AND ready_at < $3::timestamptz AND (
    status = 'pending'
    OR (status IN ('assigned', 'deferred') AND service_date = $2)
    OR (status = 'deferred' AND service_date < $2 AND (defer_until IS NULL OR defer_until <= $2)))`;

/** Validates a service date string; throws ValidationError naming `field`. */
export function checkDate(date: string, field = 'date'): void {
  if (!isServiceDate(date)) throw new ValidationError([{ field, reason: 'must be a date YYYY-MM-DD' }]);
}

/** Loads the county and its active timetable; NotFoundError when either is missing. */
export async function countyAndTimetable(db: Db, county: string): Promise<{ county: StoredCounty; timetable: Timetable }> {
  const c = await getCounty(db, county);
  const t = await getActiveTimetable(db, county);
  if (!t) throw new NotFoundError(`county ${county} has no active timetable; plan and store one first`);
  return { county: c, timetable: t.timetable };
}

/** Next date after `date` (within 14 days) on which `village` has a service able to take `p`. */
function nextService(days: (d: string) => ServiceDay, date: string, p: DispatchParcel): { date: string; arrive: string } | null {
  for (let i = 1; i <= 14; i++) {
    const d = addDays(date, i);
    const day = days(d);
    const opt = (day.options.get(p.villageCode) ?? []).find(
      (o) => p.temperature === 'ambient' || o.legs.every((l) => day.runById.get(l.runId)?.refrigerated),
    );
    if (opt) return { date: d, arrive: opt.arrive };
  }
  return null;
}

/** Dispatches `date` ('YYYY-MM-DD', county time) for `county`. See the module doc for the rules. */
export async function dispatchDay(db: Db, county: string, date: string, options: DispatchOptions = {}): Promise<DispatchResult> {
  checkDate(date);
  const policy = options.overflow ?? 'next-service';
  if (policy !== 'next-service' && policy !== 'extra-run') {
    throw new ValidationError([{ field: 'overflow', reason: 'must be next-service or extra-run' }]);
  }
  return db.transaction(async (tx) => {
    // One dispatch per (county, date) at a time; a second waits and then replaces the first.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dispatch:${county}:${date}`]);
    const { county: c, timetable } = await countyAndTimetable(tx, county);

    await tx.query('DELETE FROM shipments WHERE county = $1 AND service_date = $2', [county, date]);
    await tx.query('DELETE FROM runs WHERE county = $1 AND service_date = $2', [county, date]);
    await tx.query(
      `UPDATE parcels SET status = 'pending', run_id = NULL, eta = NULL, service_date = NULL, defer_reason = NULL,
         defer_until = NULL, updated_at = now()
       WHERE county = $1 AND service_date = $2 AND status IN ('assigned', 'deferred')`,
      [county, date],
    );
    const end = new Date(startOfServiceDate(addDays(date, 1))).toISOString();
    const rows = (
      await tx.query<EligibleRow>(
        `SELECT id::text AS id, carrier, village_code, weight_kg, volume_l, temperature, ready_at, due_by
         FROM parcels WHERE ${ELIGIBLE_SQL}`,
        [county, date, end],
      )
    ).rows;
    const parcels: DispatchParcel[] = rows.map((r) => ({
      id: r.id,
      carrier: r.carrier,
      villageCode: r.village_code,
      kg: r.weight_kg,
      m3: r.volume_l / 1000,
      temperature: r.temperature,
      readyAt: r.ready_at.getTime(),
      dueBy: r.due_by ? r.due_by.getTime() : null,
    }));

    const cache = new Map<string, ServiceDay>();
    const days = (d: string): ServiceDay => {
      let s = cache.get(d);
      if (!s) cache.set(d, (s = serviceDay(c, timetable, d)));
      return s;
    };
    const today = days(date);
    const { placed, overflow } = assignParcels(today, parcels);
    let runs: PlannedRun[] = [...today.runs];
    let rest: Overflow[] = overflow;
    let extraRuns = 0;
    // Extra runs take what should have gone today but did not fit (capacity, cold chain) and parcels
    // of villages with no service at all in the next 14 days; parcels not ready in time and villages
    // simply not served today wait for their scheduled service (fixed-schedule principle).
    const extraCandidate = (o: Overflow): boolean =>
      o.cause === 'capacity' || o.cause === 'needs_refrigeration' || (o.cause === 'no_service' && nextService(days, date, o.parcel) === null);
    if (policy === 'extra-run' && overflow.some(extraCandidate)) {
      const busyUntil = new Map<string, string>();
      for (const r of today.runs) {
        const back = r.stops[r.stops.length - 1]?.arrive ?? r.depart;
        if (r.vehicle !== null && back > (busyUntil.get(r.vehicle) ?? '')) busyUntil.set(r.vehicle, back);
      }
      const extra = planExtraRuns(c, date, overflow.filter(extraCandidate), busyUntil, options.extraRun);
      runs = [...runs, ...extra.runs];
      placed.push(...extra.placed);
      rest = [...overflow.filter((o) => !extraCandidate(o)), ...extra.rest];
      extraRuns = extra.runs.length;
    }

    await writePlan(tx, county, date, runs, placed, rest, (p) => nextService(days, date, p));
    const unresolved = (
      await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM parcels WHERE county = $1 AND status = 'unresolved'`, [county])
    ).rows[0]!.n;
    const deferredBy: Record<string, number> = {};
    for (const o of rest) deferredBy[o.cause] = (deferredBy[o.cause] ?? 0) + 1;
    return {
      county,
      date,
      overflow: policy,
      runs: runs.length,
      extraRuns,
      parcels: parcels.length,
      assigned: placed.length,
      deferred: rest.length,
      deferredBy,
      unresolved,
    };
  });
}

async function writePlan(
  tx: Db,
  county: string,
  date: string,
  runs: readonly PlannedRun[],
  placed: readonly Placement[],
  rest: readonly Overflow[],
  next: (p: DispatchParcel) => { date: string; arrive: string } | null,
): Promise<void> {
  await tx.query(
    `INSERT INTO runs (id, county, service_date, kind, line_id, tier, trip_id, vehicle, refrigerated, depart,
       capacity_kg, capacity_m3, feeds_from)
     SELECT u.id, $1, $2, u.kind, u.line_id, u.tier, u.trip_id, u.vehicle, u.refrigerated, u.depart, u.capacity_kg,
       u.capacity_m3, u.feeds_from
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[], $10::text[],
       $11::float8[], $12::float8[], $13::text[])
       AS u(id, kind, line_id, tier, trip_id, vehicle, refrigerated, depart, capacity_kg, capacity_m3, feeds_from)`,
    [
      county,
      date,
      runs.map((r) => r.id),
      runs.map((r) => r.kind),
      runs.map((r) => r.lineId),
      runs.map((r) => r.tier),
      runs.map((r) => r.tripId),
      runs.map((r) => r.vehicle),
      runs.map((r) => r.refrigerated),
      runs.map((r) => r.depart),
      runs.map((r) => r.capacityKg),
      runs.map((r) => r.capacityM3),
      runs.map((r) => r.feedsFrom),
    ],
  );
  const stops = runs.flatMap((r) => r.stops.map((s) => ({ run: r.id, ...s })));
  await tx.query(
    `INSERT INTO run_stops (run_id, seq, node, arrive, depart)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[])`,
    [stops.map((s) => s.run), stops.map((s) => s.seq), stops.map((s) => s.node), stops.map((s) => s.arrive), stops.map((s) => s.depart)],
  );
  const items = placed.flatMap((p) => p.legs.map((l) => ({ run: l.runId, parcel: p.parcel.id, seq: l.seq })));
  await tx.query(
    `INSERT INTO manifest_items (run_id, parcel_id, seq)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[])`,
    [items.map((i) => i.run), items.map((i) => i.parcel), items.map((i) => i.seq)],
  );

  const ids: string[] = [];
  const status: string[] = [];
  const runIds: (string | null)[] = [];
  const etas: (string | null)[] = [];
  const reasons: (string | null)[] = [];
  const until: (string | null)[] = [];
  for (const p of placed) {
    ids.push(p.parcel.id);
    status.push('assigned');
    runIds.push(p.legs[0]!.runId);
    etas.push(new Date(countyTimeOn(date, p.arrive)).toISOString());
    reasons.push(null);
    until.push(null);
  }
  for (const o of rest) {
    const n = next(o.parcel);
    ids.push(o.parcel.id);
    status.push('deferred');
    runIds.push(null);
    // Tentative ETA: the next service that can take it (confirmed when that day is dispatched).
    etas.push(n ? new Date(countyTimeOn(n.date, n.arrive)).toISOString() : null);
    reasons.push(n ? `${o.reason}; next service ${n.date}` : `${o.reason}; no service within 14 days`);
    until.push(n ? n.date : null);
  }
  await tx.query(
    `UPDATE parcels p SET status = u.status, run_id = u.run_id, eta = u.eta, service_date = $1,
       defer_reason = u.reason, defer_until = u.until, updated_at = now()
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[])
       AS u(id, status, run_id, eta, reason, until)
     WHERE p.id = u.id`,
    [date, ids, status, runIds, etas, reasons, until],
  );
  await refreshRunTotals(tx, runs.map((r) => r.id));

  // Shipments: per village, the part carried by each last-mile run and the deferred part.
  const ship = new Map<string, { village: string; run: string | null; n: number; kg: number; m3: number; cold: number }>();
  const addShip = (village: string, run: string | null, p: DispatchParcel): void => {
    const k = `${village}|${run ?? ''}`;
    const s = ship.get(k) ?? { village, run, n: 0, kg: 0, m3: 0, cold: 0 };
    s.n++;
    s.kg += p.kg;
    s.m3 += p.m3;
    if (p.temperature !== 'ambient') s.cold += p.kg;
    ship.set(k, s);
  };
  for (const p of placed) addShip(p.parcel.villageCode, p.legs[0]!.runId, p.parcel);
  for (const o of rest) addShip(o.parcel.villageCode, null, o.parcel);
  const sh = [...ship.values()];
  await tx.query(
    `INSERT INTO shipments (county, service_date, village_code, run_id, parcels, kg, m3, chilled_kg)
     SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::int[], $6::float8[], $7::float8[], $8::float8[])`,
    [county, date, sh.map((s) => s.village), sh.map((s) => s.run), sh.map((s) => s.n), sh.map((s) => s.kg), sh.map((s) => s.m3), sh.map((s) => s.cold)],
  );
}
