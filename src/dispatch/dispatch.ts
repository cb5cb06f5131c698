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
 *
 * Storage is the DispatchRepository port (src/dispatch/ports.ts); the whole dispatch is one unit of work.
 */
import { ValidationError, NotFoundError } from '../errors.ts';
import type { StoredCounty } from '../domain/stored-county.ts';
import type { Timetable } from '../domain/timetable.ts';
import { addDays, countyTimeOn, isServiceDate, startOfServiceDate } from '../ingest/time.ts';
import type { Temperature } from '../ingest/schema.ts';
import { assignParcels, type DispatchParcel, type Overflow, type Placement } from './assign.ts';
import { serviceDay, type PlannedRun, type ServiceDay } from './service-day.ts';
import { planExtraRuns, type ExtraRunOptions } from './extra-run.ts';
import type { CountyReader, DayPlan, DispatchRepository, ParcelOutcome, ShipmentRow } from './ports.ts';

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

/** Validates a service date string; throws ValidationError naming `field`. */
export function checkDate(date: string, field = 'date'): void {
  if (!isServiceDate(date)) throw new ValidationError([{ field, reason: 'must be a date YYYY-MM-DD' }]);
}

/** Loads the county and its active timetable; NotFoundError when either is missing. */
export async function countyAndTimetable(repo: CountyReader, county: string): Promise<{ county: StoredCounty; timetable: Timetable }> {
  const c = await repo.loadCounty(county);
  const t = await repo.activeTimetable(county);
  if (!t) throw new NotFoundError(`county ${county} has no active timetable; plan and store one first`);
  return { county: c, timetable: t };
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
export async function dispatchDay(repo: DispatchRepository, county: string, date: string, options: DispatchOptions = {}): Promise<DispatchResult> {
  checkDate(date);
  const policy = options.overflow ?? 'next-service';
  if (policy !== 'next-service' && policy !== 'extra-run') {
    throw new ValidationError([{ field: 'overflow', reason: 'must be next-service or extra-run' }]);
  }
  return repo.withTransaction(async (tx) => {
    // One dispatch per (county, date) at a time; a second waits and then replaces the first.
    await tx.lockDay(county, date);
    const { county: c, timetable } = await countyAndTimetable(tx, county);
    await tx.clearDay(county, date);
    const end = new Date(startOfServiceDate(addDays(date, 1))).toISOString();
    const parcels = await tx.eligibleParcels(county, date, end);

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

    await tx.savePlan(county, date, dayPlan(date, runs, placed, rest, (p) => nextService(days, date, p)));
    const unresolved = await tx.countUnresolved(county);
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

/** The rows of a day's plan: manifest items, one outcome per parcel, shipments per village and run. */
function dayPlan(
  date: string,
  runs: readonly PlannedRun[],
  placed: readonly Placement[],
  rest: readonly Overflow[],
  next: (p: DispatchParcel) => { date: string; arrive: string } | null,
): DayPlan {
  const items = placed.flatMap((p) => p.legs.map((l) => ({ run: l.runId, parcel: p.parcel.id, seq: l.seq })));
  const outcomes: ParcelOutcome[] = [];
  for (const p of placed) {
    outcomes.push({
      id: p.parcel.id,
      status: 'assigned',
      runId: p.legs[0]!.runId,
      eta: new Date(countyTimeOn(date, p.arrive)).toISOString(),
      reason: null,
      until: null,
    });
  }
  for (const o of rest) {
    const n = next(o.parcel);
    outcomes.push({
      id: o.parcel.id,
      status: 'deferred',
      runId: null,
      // Tentative ETA: the next service that can take it (confirmed when that day is dispatched).
      eta: n ? new Date(countyTimeOn(n.date, n.arrive)).toISOString() : null,
      reason: n ? `${o.reason}; next service ${n.date}` : `${o.reason}; no service within 14 days`,
      until: n ? n.date : null,
    });
  }

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
  const shipments: ShipmentRow[] = [...ship.values()];
  return { runs, items, outcomes, shipments };
}
