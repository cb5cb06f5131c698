/**
 * Extra runs for overflow (policy `extra-run`): the overflow parcels, grouped per village and
 * temperature class (chunked to fit a vehicle), become optional delivery jobs of a capacitated
 * VRP (posed by src/routing/problems.ts `extraRunProblem`, solved seeded with a bounded budget) on
 * the warehouse vehicles, each available from the end of its last timetable run of the day (+30 min to
 * reload) to the end of its shift — a vehicle with less than an hour left is not used. Travel is
 * geodesic distance × the dataset's circuity at its default speed. Jobs the solver leaves
 * unassigned stay overflow.
 */
import type { Vehicle } from '../domain/dataset.ts';
import type { SolutionOutput } from '../../solver/index.ts';
import { extraRunProblem, solveProblem, type OverflowLoad } from '../routing/problems.ts';
import type { StoredCounty } from '../domain/stored-county.ts';
import type { Overflow, Placement } from './assign.ts';
import { runId, type PlannedRun } from './service-day.ts';
import { formatMinutes, parseMinutes } from '../domain/time.ts';

/** Budget of the extra-run solve. */
export interface ExtraRunOptions {
  readonly maxSeconds?: number;
  readonly maxIterations?: number;
  readonly seed?: number;
}

const minutes = parseMinutes;
const hhmm = formatMinutes;

/** Minutes to reload at the warehouse between a timetable run and an extra run. */
const RELOAD_MINUTES = 30;
/** Shortest availability window worth an extra run. */
const MIN_WINDOW_MINUTES = 60;

/** A warehouse vehicle free for an extra run over [start, end] (minutes). */
interface FreeVehicle {
  readonly vehicle: Vehicle;
  readonly start: number;
  readonly end: number;
}

/**
 * The overflow as solver loads: per village and class (ambient, cold), chunks no bigger than the
 * largest eligible vehicle; `parcels` maps each load id to its parcels, `rest` gets what cannot go.
 */
function overflowLoads(
  overflow: readonly Overflow[],
  loc: ReadonlyMap<string, number>,
  free: readonly FreeVehicle[],
): { loads: OverflowLoad[]; parcels: Map<string, Overflow[]>; rest: Overflow[] } {
  const maxKg = Math.max(...free.map((f) => f.vehicle.capacityKg));
  const maxM3 = Math.max(...free.map((f) => f.vehicle.capacityM3));
  const coldKg = Math.max(0, ...free.filter((f) => f.vehicle.refrigerated).map((f) => f.vehicle.capacityKg));
  const coldM3 = Math.max(0, ...free.filter((f) => f.vehicle.refrigerated).map((f) => f.vehicle.capacityM3));
  const loads: OverflowLoad[] = [];
  const parcels = new Map<string, Overflow[]>();
  const rest: Overflow[] = [];
  const groups = new Map<string, Overflow[]>();
  for (const o of overflow) {
    if (!loc.has(o.parcel.villageCode)) {
      rest.push(o);
      continue;
    }
    const cls = o.parcel.temperature === 'ambient' ? 'ambient' : 'cold';
    const k = `${o.parcel.villageCode}|${cls}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(o);
  }
  for (const [k, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [village, cls] = k.split('|') as [string, string];
    const capKg = cls === 'cold' ? coldKg : maxKg;
    const capM3 = cls === 'cold' ? coldM3 : maxM3;
    let chunk: Overflow[] = [];
    let kg = 0;
    let m3 = 0;
    const flush = (): void => {
      if (chunk.length === 0) return;
      const id = `${k}|${loads.length}`;
      loads.push({ id, location: loc.get(village)!, kg, m3, cold: cls === 'cold' });
      parcels.set(id, chunk);
      chunk = [];
      kg = 0;
      m3 = 0;
    };
    for (const o of list) {
      if (o.parcel.kg > capKg || o.parcel.m3 > capM3) {
        rest.push({ ...o, reason: `${o.reason}; no free ${cls === 'cold' ? 'refrigerated ' : ''}vehicle can take it` });
        continue;
      }
      if (kg + o.parcel.kg > capKg || m3 + o.parcel.m3 > capM3) flush();
      chunk.push(o);
      kg += o.parcel.kg;
      m3 += o.parcel.m3;
    }
    flush();
  }
  return { loads, parcels, rest };
}

/** The solver's routes as extra runs (warehouse → villages → warehouse) and the parcels they place. */
function extraRuns(
  county: StoredCounty,
  date: string,
  solution: SolutionOutput,
  points: readonly { id: string }[],
  free: readonly FreeVehicle[],
  parcels: ReadonlyMap<string, Overflow[]>,
): { runs: PlannedRun[]; placed: Placement[] } {
  const runs: PlannedRun[] = [];
  const placed: Placement[] = [];
  const fleet = new Map(free.map((f) => [f.vehicle.id, f.vehicle]));
  for (const route of solution.routes) {
    const visits = route.steps.filter((s) => s.type === 'delivery' && s.id !== undefined);
    if (visits.length === 0) continue;
    const v = fleet.get(route.vehicleType)!;
    const id = runId(county.code, date, `extra-${runs.length + 1}`);
    const start = route.steps[0]!;
    const end = route.steps[route.steps.length - 1]!;
    const stops: { seq: number; node: string; arrive: string; depart: string }[] = [
      { seq: 0, node: county.warehouseId, arrive: hhmm(start.departure), depart: hhmm(start.departure) },
    ];
    for (const step of visits) {
      const node = points[step.location]!.id;
      let seq = stops.length;
      const last = stops[stops.length - 1]!;
      if (last.node === node) seq = last.seq; // two jobs (ambient, cold) of one village: one stop
      else stops.push({ seq, node, arrive: hhmm(step.arrival), depart: hhmm(step.departure) });
      for (const o of parcels.get(step.id!) ?? []) {
        placed.push({ parcel: o.parcel, legs: [{ runId: id, seq }], arrive: stops[seq]!.arrive });
      }
    }
    stops.push({ seq: stops.length, node: county.warehouseId, arrive: hhmm(end.arrival), depart: hhmm(end.arrival) });
    runs.push({
      id,
      kind: 'extra',
      lineId: null,
      tier: 'direct',
      tripId: null,
      vehicle: v.id,
      refrigerated: v.refrigerated,
      depart: stops[0]!.depart,
      capacityKg: v.capacityKg,
      capacityM3: v.capacityM3,
      feedsFrom: null,
      stops,
    });
  }
  return { runs, placed };
}

/**
 * Plans extra runs for `overflow` on `date`; `busyUntil` gives, per vehicle id, the "HH:MM" at which
 * its last timetable run of the day is back. Returns the runs, the parcels they carry and the rest.
 */
export function planExtraRuns(
  county: StoredCounty,
  date: string,
  overflow: readonly Overflow[],
  busyUntil: ReadonlyMap<string, string>,
  options: ExtraRunOptions = {},
): { runs: PlannedRun[]; placed: Placement[]; rest: Overflow[] } {
  const startOf = (v: { id: string; shiftStart: string }): number => {
    const busy = busyUntil.get(v.id);
    return Math.max(minutes(v.shiftStart), busy === undefined ? 0 : minutes(busy) + RELOAD_MINUTES);
  };
  const free: FreeVehicle[] = county.fleet
    .filter((v) => v.depot === county.warehouseId && v.capacityKg > 0 && minutes(v.shiftEnd) - startOf(v) >= MIN_WINDOW_MINUTES)
    .map((v) => ({ vehicle: v, start: startOf(v), end: minutes(v.shiftEnd) }));
  if (overflow.length === 0 || free.length === 0) {
    return {
      runs: [],
      placed: [],
      rest: overflow.map((o) => (free.length === 0 ? { ...o, reason: `${o.reason}; no free vehicle for an extra run` } : o)),
    };
  }
  const warehouse = county.nodeById.get(county.warehouseId);
  if (!warehouse) return { runs: [], placed: [], rest: [...overflow] };

  // Locations: 0 = warehouse, then each village with overflow.
  const villages = [...new Set(overflow.map((o) => o.parcel.villageCode))].filter((v) => county.nodeById.has(v)).sort();
  const loc = new Map(villages.map((v, i) => [v, i + 1]));
  const points = [warehouse, ...villages.map((v) => county.nodeById.get(v)!)];
  const { loads, parcels, rest } = overflowLoads(overflow, loc, free);
  if (loads.length === 0) return { runs: [], placed: [], rest };

  const problem = extraRunProblem(points, county.travel.circuity ?? 1.35, county.travel.speedKmh?.default ?? 40, free, loads);
  const solution = solveProblem(problem, {
    seed: options.seed ?? 1,
    maxIterations: options.maxIterations ?? 2000,
    maxSeconds: options.maxSeconds ?? 5,
  });
  const { runs, placed } = extraRuns(county, date, solution, points, free, parcels);
  for (const u of solution.unassigned) {
    for (const o of parcels.get(u.id) ?? []) rest.push({ ...o, reason: `${o.reason}; extra run: ${u.reason}` });
  }
  return { runs, placed, rest };
}
