/**
 * The runs of one service day, derived from the active weekly timetable: every line whose weekdays
 * include the date's weekday becomes a run (capacity and refrigeration from the vehicle in the
 * stored fleet), and every bus trip with a bus leg that weekday becomes a bus run (capacity from the
 * trip's GTFS `cargo_kg`/`cargo_m3`, never refrigerated). For each village: the ways it can be
 * served that day, in preference order (lines by arrival time, then bus). A feeder line's parcels
 * also ride the trunk run that supplies its hub (its `feedsFrom`, else any trunk run stopping at the
 * hub that day), so both runs' capacities apply.
 */
import { WEEKDAYS, type Weekday } from '../domain/dataset.ts';
import type { Timetable } from '../domain/timetable.ts';
import type { StoredCounty } from '../domain/stored-county.ts';
import { countyTimeOn, weekdayIndex } from '../ingest/time.ts';
import { formatMinutes } from '../domain/time.ts';

/** A run of the service day (not yet stored). */
export interface PlannedRun {
  readonly id: string;
  readonly kind: 'line' | 'bus' | 'extra';
  readonly lineId: string | null;
  readonly tier: string | null;
  readonly tripId: string | null;
  readonly vehicle: string | null;
  readonly refrigerated: boolean;
  readonly depart: string;
  readonly capacityKg: number;
  readonly capacityM3: number;
  /** Run id of the trunk run that supplies this feeder run's hub. */
  readonly feedsFrom: string | null;
  readonly stops: readonly { readonly seq: number; readonly node: string; readonly arrive: string; readonly depart: string }[];
}

/** One leg a parcel rides: run and the stop (seq) where it leaves the vehicle. */
export interface Leg {
  readonly runId: string;
  readonly seq: number;
}

/** One way to serve a village on the day: the last-mile leg plus upstream legs (trunk to hub). */
export interface ServiceOption {
  readonly legs: readonly Leg[];
  /** Arrival "HH:MM" at the village. */
  readonly arrive: string;
  /** Epoch ms at which the parcel leaves the warehouse (trunk departure for a feeder): it must be ready by then. */
  readonly leavesWarehouse: number;
}

/** The runs and per-village service options of one date. */
export interface ServiceDay {
  readonly date: string;
  readonly weekday: Weekday;
  readonly runs: readonly PlannedRun[];
  readonly runById: ReadonlyMap<string, PlannedRun>;
  readonly options: ReadonlyMap<string, readonly ServiceOption[]>;
}

/** Deterministic run id: `<county>-<YYYYMMDD>-<line id>` or `…-bus-<trip id>` or `…-extra-<n>`. */
export function runId(county: string, date: string, suffix: string): string {
  return `${county}-${date.replaceAll('-', '')}-${suffix}`;
}

const hhmm = formatMinutes;

/** Builds the runs and service options of `date` from the timetable and the stored county. */
export function serviceDay(county: StoredCounty, timetable: Timetable, date: string): ServiceDay {
  const weekday = WEEKDAYS[weekdayIndex(date)]!;
  const fleet = new Map(county.fleet.map((v) => [v.id, v]));
  const runs: PlannedRun[] = [];
  const lineRun = new Map<string, PlannedRun>();
  /** Stops (run id -> seqs) that are drivers' breaks: no parcel leaves the vehicle there. */
  const breaks = new Map<string, Set<number>>();
  for (const line of timetable.lines) {
    if (!line.weekdays.includes(weekday)) continue;
    const v = fleet.get(line.vehicle);
    const run: PlannedRun = {
      id: runId(county.code, date, line.id),
      kind: 'line',
      lineId: line.id,
      tier: line.tier,
      tripId: null,
      vehicle: line.vehicle,
      // A vehicle missing from the fleet carries nothing: its parcels are deferred with that reason.
      refrigerated: v?.refrigerated ?? false,
      depart: line.stops[0]?.depart ?? '00:00',
      capacityKg: v?.capacityKg ?? 0,
      capacityM3: v?.capacityM3 ?? 0,
      feedsFrom: null,
      stops: line.stops.map((s, seq) => ({ seq, node: s.node, arrive: s.arrive, depart: s.depart })),
    };
    runs.push(run);
    lineRun.set(line.id, run);
    breaks.set(run.id, new Set(line.stops.flatMap((s, seq) => (s.kind === 'break' ? [seq] : []))));
  }
  // Feeder runs: find the trunk run that brings their hub's parcels.
  const trunkRuns = runs.filter((r) => r.tier === 'trunk');
  const upstream = new Map<string, Leg>();
  for (const line of timetable.lines) {
    const run = lineRun.get(line.id);
    if (!run || line.tier !== 'feeder') continue;
    const hub = line.stops[0]?.node;
    const preferred = line.feedsFrom !== undefined ? lineRun.get(line.feedsFrom) : undefined;
    const candidates = preferred ? [preferred, ...trunkRuns] : trunkRuns;
    for (const t of candidates) {
      const stop = t.stops.find((s, i) => i > 0 && s.node === hub && !breaks.get(t.id)?.has(s.seq));
      if (stop) {
        upstream.set(run.id, { runId: t.id, seq: stop.seq });
        const i = runs.indexOf(run);
        runs[i] = { ...run, feedsFrom: t.id };
        lineRun.set(line.id, runs[i]!);
        break;
      }
    }
  }

  const options = new Map<string, ServiceOption[]>();
  const add = (node: string, o: ServiceOption): void => {
    const list = options.get(node) ?? [];
    list.push(o);
    options.set(node, list);
  };
  for (const run of lineRun.values()) {
    const up = upstream.get(run.id);
    if (run.tier === 'feeder' && !up) continue; // hub not supplied today: the feeder cannot carry new parcels
    for (const s of run.stops) {
      if (s.seq === 0 || breaks.get(run.id)?.has(s.seq)) continue;
      const node = county.nodeById.get(s.node);
      if (!node || node.kind !== 'village_point') continue;
      const leaves = up ? runs.find((r) => r.id === up.runId)!.depart : run.depart;
      add(s.node, {
        legs: up ? [{ runId: run.id, seq: s.seq }, up] : [{ runId: run.id, seq: s.seq }],
        arrive: s.arrive,
        leavesWarehouse: countyTimeOn(date, leaves),
      });
    }
  }

  const trips = new Map(county.bus.trips.map((t) => [t.tripId, t]));
  const legsByTrip = new Map<string, { node: string; arrive: string }[]>();
  for (const leg of timetable.busLegs) {
    if (!leg.weekdays.includes(weekday) || leg.direction === 'up') continue;
    const list = legsByTrip.get(leg.tripId) ?? [];
    list.push({ node: leg.node, arrive: leg.arrive });
    legsByTrip.set(leg.tripId, list);
  }
  for (const [tripId, legs] of [...legsByTrip].sort(([a], [b]) => a.localeCompare(b))) {
    const trip = trips.get(tripId);
    legs.sort((a, b) => a.arrive.localeCompare(b.arrive));
    const first = trip?.stopTimes[0];
    const depart = first ? hhmm(first.departure) : (legs[0]?.arrive ?? '00:00');
    const run: PlannedRun = {
      id: runId(county.code, date, `bus-${tripId}`),
      kind: 'bus',
      lineId: null,
      tier: null,
      tripId,
      vehicle: null,
      refrigerated: false,
      depart,
      capacityKg: trip?.cargoKg ?? 0,
      capacityM3: trip?.cargoM3 ?? 0,
      feedsFrom: null,
      stops: [
        { seq: 0, node: county.warehouseId, arrive: depart, depart },
        ...legs.map((l, i) => ({ seq: i + 1, node: l.node, arrive: l.arrive, depart: l.arrive })),
      ],
    };
    runs.push(run);
    for (const s of run.stops.slice(1)) {
      add(s.node, { legs: [{ runId: run.id, seq: s.seq }], arrive: s.arrive, leavesWarehouse: countyTimeOn(date, depart) });
    }
  }

  // Lines before buses, earlier arrival first (stable for equal keys: timetable order).
  const runById = new Map(runs.map((r) => [r.id, r]));
  const rank = (o: ServiceOption): number => (runById.get(o.legs[0]!.runId)?.kind === 'bus' ? 1 : 0);
  for (const list of options.values()) list.sort((a, b) => rank(a) - rank(b) || a.arrive.localeCompare(b.arrive));
  return { date, weekday, runs, runById, options };
}
