/**
 * Consolidation: per village, the shipment of one service day — the parcels eligible that day
 * (resolved, ready before the end of the date, not yet dispatched on an earlier day nor delivered;
 * see DispatchRepository.eligibleParcels) with count, kg, m3, count per carrier and chilled share — and the run or bus
 * trip that carries it: after `dispatchDay`, the run the parcels are on (the most used one when
 * split) and how many were deferred; before it, the timetable's first service of the village that
 * day (`run` is then the id the run will get), or the next service date when there is none.
 */
import { addDays, startOfServiceDate } from '../ingest/time.ts';
import { checkDate } from './dispatch.ts';
import type { ConsolidationRepository } from './ports.ts';
import { serviceDay, type ServiceDay } from './service-day.ts';

/** One village's shipment of the day. */
export interface Shipment {
  readonly villageCode: string;
  readonly villageName: string;
  /** Township hub id (parent of the village). */
  readonly township: string | null;
  readonly parcels: number;
  readonly kg: number;
  readonly m3: number;
  /** Parcel count per carrier. */
  readonly byCarrier: Readonly<Record<string, number>>;
  /** Share of kg that is chilled or frozen (0..1). */
  readonly chilledShare: number;
  /** Run id carrying (or planned to carry) the shipment, when a line run serves it. */
  readonly run?: string;
  /** Timetable line id of that run. */
  readonly line?: string;
  /** GTFS trip id when a bus trip carries it. */
  readonly busTrip?: string;
  /** Parcels of the shipment deferred by dispatch. */
  readonly deferred?: number;
  /** Next date with a service, when none carries the village's parcels on this date. */
  readonly nextService?: string | null;
}

/** The consolidation of a county's service day. */
export interface Consolidation {
  readonly county: string;
  readonly date: string;
  /** True when `dispatchDay` has run for this date (runs come from the stored plan). */
  readonly dispatched: boolean;
  readonly totals: { readonly parcels: number; readonly kg: number; readonly m3: number; readonly villages: number };
  /** Parcels of the county waiting in the unresolved list (not in any shipment). */
  readonly unresolved: number;
  readonly shipments: readonly Shipment[];
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** Consolidated shipments per village for `county` on `date` ('YYYY-MM-DD'). */
export async function getConsolidation(repo: ConsolidationRepository, county: string, date: string): Promise<Consolidation> {
  checkDate(date);
  const c = await repo.loadCounty(county);
  const timetable = await repo.activeTimetable(county);
  const end = new Date(startOfServiceDate(addDays(date, 1))).toISOString();
  const rows = await repo.eligibleGroups(county, date, end);
  const dispatched = await repo.dayDispatched(county, date);
  const unresolved = await repo.countUnresolved(county);

  const days = new Map<string, ServiceDay>();
  const day = (d: string): ServiceDay | null => {
    if (!timetable) return null;
    let s = days.get(d);
    if (!s) days.set(d, (s = serviceDay(c, timetable, d)));
    return s;
  };

  interface Acc {
    n: number;
    kg: number;
    m3: number;
    cold: number;
    carriers: Record<string, number>;
    runs: Map<string, number>;
    deferred: number;
    deferUntil: string | null;
  }
  const acc = new Map<string, Acc>();
  for (const r of rows) {
    const a: Acc = acc.get(r.villageCode) ?? { n: 0, kg: 0, m3: 0, cold: 0, carriers: {}, runs: new Map(), deferred: 0, deferUntil: null };
    a.n += r.n;
    a.kg += r.kg;
    a.m3 += r.m3;
    a.cold += r.coldKg;
    a.carriers[r.carrier] = (a.carriers[r.carrier] ?? 0) + r.n;
    if (r.runId) a.runs.set(r.runId, (a.runs.get(r.runId) ?? 0) + r.n);
    if (r.status === 'deferred') {
      a.deferred += r.n;
      if (r.deferUntil !== null && (a.deferUntil === null || r.deferUntil < a.deferUntil)) a.deferUntil = r.deferUntil;
    }
    acc.set(r.villageCode, a);
  }
  const runInfo = new Map<string, { kind: string; lineId: string | null; tripId: string | null }>();
  if (dispatched) for (const x of await repo.runsOfDay(county, date)) runInfo.set(x.id, x);

  const shipments: Shipment[] = [];
  for (const [village, a] of [...acc].sort(([x], [y]) => x.localeCompare(y))) {
    const node = c.nodeById.get(village);
    let service: Pick<Shipment, 'run' | 'line' | 'busTrip' | 'nextService'> = {};
    if (dispatched) {
      const top = [...a.runs].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
      const info = top ? runInfo.get(top[0]) : undefined;
      if (top && info) {
        service =
          info.kind === 'bus'
            ? { run: top[0], busTrip: info.tripId ?? undefined }
            : { run: top[0], ...(info.lineId ? { line: info.lineId } : {}) };
      } else {
        service = { nextService: a.deferUntil };
      }
    } else {
      const today = day(date);
      const opt = today?.options.get(village)?.[0];
      const run = opt ? today!.runById.get(opt.legs[0]!.runId) : undefined;
      if (run) service = run.kind === 'bus' ? { run: run.id, busTrip: run.tripId ?? undefined } : { run: run.id, line: run.lineId ?? undefined };
      else if (timetable) {
        let next: string | null = null;
        for (let i = 1; i <= 14 && next === null; i++) {
          const d = addDays(date, i);
          if ((day(d)?.options.get(village)?.length ?? 0) > 0) next = d;
        }
        service = { nextService: next };
      }
    }
    shipments.push({
      villageCode: village,
      villageName: node?.name ?? village,
      township: node?.parent ?? null,
      parcels: a.n,
      kg: round(a.kg),
      m3: round(a.m3, 4),
      byCarrier: a.carriers,
      chilledShare: a.kg > 0 ? round(a.cold / a.kg, 4) : 0,
      ...service,
      ...(dispatched ? { deferred: a.deferred } : {}),
    });
  }
  const totals = shipments.reduce(
    (t, s) => ({ parcels: t.parcels + s.parcels, kg: t.kg + s.kg, m3: t.m3 + s.m3, villages: t.villages + 1 }),
    { parcels: 0, kg: 0, m3: 0, villages: 0 },
  );
  return {
    county,
    date,
    dispatched,
    totals: { ...totals, kg: round(totals.kg), m3: round(totals.m3, 4) },
    unresolved,
    shipments,
  };
}
