/**
 * One routing sub-problem of the timetable (a trunk, feeder or cold-chain VRPTW from one depot on one
 * weekday pattern): posed to the solver through src/routing/problems.ts (`slotProblem`), and its
 * solution mapped back to timed runs in the domain's node ids. Units: km, minutes after midnight, kg,
 * m3, yuan. Each vehicle-day is cut into time slots (solver/tiers/patterns.ts `shiftSlots`), each
 * slot a vehicle type of count 1, so one vehicle may run several lines a day without overlap.
 */
import type { TravelMatrix, Vehicle } from '../domain/dataset.ts';
import { slotId, slotProblem, solveProblem, type SlotVehicle, type StopJob } from '../routing/problems.ts';
import type { RouteOutput } from '../../solver/index.ts';

export type { SlotVehicle, StopJob } from '../routing/problems.ts';

/** A timed stop of a run; times in minutes after midnight (fractional, rounded only for display). */
export interface RunStop {
  readonly node: string;
  readonly jobId: string | null;
  readonly arrive: number;
  readonly depart: number;
  readonly dropKg: number;
  readonly pickKg: number;
  readonly chilledKg: number;
  /** A driver's break (no job): at `node`, or on the road from `node` toward `toward`. */
  readonly kind?: 'break';
  readonly toward?: string;
}

/** A solved run: a future line. */
export interface Run {
  readonly vehicle: Vehicle;
  readonly slot: number;
  readonly stops: readonly RunStop[];
  readonly km: number;
  readonly minutes: number;
  /** Capacity-bound load at departure (kg, m3). */
  readonly loadKg: number;
  readonly loadM3: number;
  /** Driving minutes, summed over legs as the timetable shows them (whole minutes of HH:MM). */
  readonly driving: number;
}

/** Result of one sub-problem. */
export interface RoutingResult {
  readonly runs: Run[];
  readonly unassigned: { id: string; reason: string }[];
}

/** Budget of one sub-problem: iterations (deterministic) or seconds. */
export interface RoutingBudget {
  readonly seed: number;
  readonly iterations?: number;
  readonly seconds?: number;
}

/** The driver rules every run keeps (docs/timetable.md §2 "Driver rules"). */
export interface DriverRules {
  /** Longest continuous driving (minutes) before a break. */
  readonly maxContinuous: number;
  /** Length of a break (minutes). */
  readonly breakMinutes: number;
  /** Driving minutes each vehicle has left on the run's days (absent: no daily limit). */
  readonly drivingLeft?: ReadonlyMap<string, number>;
  /**
   * Keep the solver's departure (as late as the route allows) instead of leaving when the slot
   * opens: cold-chain runs planned in the day's last free window, so the reefers' mornings stay
   * free for ambient work; they are moved earlier once every run is known (phases/timing.ts).
   */
  readonly departLate?: boolean;
}

/** No driver rules (unlimited driving). */
export const NO_DRIVER_RULES: DriverRules = { maxContinuous: Infinity, breakMinutes: 0 };

/** Travel minutes between two nodes of a sub-problem. */
type Minutes = (a: string, b: string) => number;

/** Whole minutes between two times as HH:MM shows them (the checker reads the same numbers). */
const shown = (from: number, to: number): number => Math.round(to) - Math.round(from);

type Schedule = { ok: true; stops: RunStop[]; driving: number } | { ok: false; at: number };

/**
 * Forward schedule of a stop sequence (docs/timetable.md §2 "Departure rule" and "Driver rules").
 * The run leaves when its slot opens (cut-off + loading for warehouse runs, trunk arrival + transfer
 * for feeders), or later only as far as the first stop's window opens later. Arrive = previous
 * departure + travel (+ breaks); service starts at the latest window opening of the stop's jobs;
 * dwell = the largest service / stopService of its jobs. A break of `breakMinutes` is taken at the
 * current stop before a leg that would take continuous driving past `maxContinuous`, and on the road
 * within a leg longer than what is left. Driving is counted in the whole minutes the timetable
 * shows. Fails at the first stop whose service would start after its window closes, or at the last
 * stop with jobs when the return is after the slot's end.
 */
function schedule(seq: readonly RunStop[], slot: SlotVehicle, travel: Minutes, jobById: ReadonlyMap<string, StopJob>, rules: DriverRules): Schedule {
  const L = rules.maxContinuous;
  const B = rules.breakMinutes;
  const jobsOf = (st: RunStop): StopJob[] => (st.jobId ?? '').split('+').filter(Boolean).map((id) => jobById.get(id)!);
  let d = slot.start;
  const first = seq[1];
  if (rules.departLate) d = Math.max(slot.start, seq[0]!.depart);
  else if (first && first.jobId !== null) {
    const open = Math.max(...jobsOf(first).map((j) => j.tw[0]));
    d = Math.max(slot.start, Math.min(slot.end, open - travel(seq[0]!.node, first.node)));
  }
  const out: RunStop[] = [{ ...seq[0]!, arrive: d, depart: d }];
  const brk = (node: string, at: number, toward?: string): RunStop => ({
    node, jobId: null, arrive: at, depart: at + B, dropKg: 0, pickKg: 0, chilledKg: 0, kind: 'break', ...(toward ? { toward } : {}),
  });
  let cont = 0;
  let driving = 0;
  let at = seq[0]!.node;
  for (let i = 1; i < seq.length; i++) {
    const st = seq[i]!;
    let left = travel(at, st.node);
    if (cont > 0 && cont + shown(d, d + left) > L) {
      out.push(brk(at, d));
      d += B;
      cont = 0;
    }
    while (cont + shown(d, d + left) > L) {
      // drive on to a whole minute where the limit is reached, and rest at the roadside
      const stopAt = Math.round(d) + (L - cont);
      driving += L - cont;
      out.push(brk(at, stopAt, st.node));
      left -= stopAt - d;
      d = stopAt + B;
      cont = 0;
    }
    const arrive = d + left;
    cont += shown(d, arrive);
    driving += shown(d, arrive);
    if (st.jobId === null) {
      if (arrive > slot.end + 1e-6) {
        // drop the last stop that has jobs, to free time
        for (let k = i - 1; k >= 1; k--) if (seq[k]!.jobId !== null) return { ok: false, at: k };
      }
      out.push({ ...st, arrive, depart: arrive });
      d = arrive;
      at = st.node;
      continue;
    }
    const js = jobsOf(st);
    const open = Math.max(...js.map((j) => j.tw[0]));
    const close = Math.min(...js.map((j) => j.tw[1]));
    const service = Math.max(...js.map((j) => Math.max(j.service, j.stopService ?? 0)));
    const start = Math.max(arrive, open);
    if (start > close + 1e-6) return { ok: false, at: i };
    out.push({ ...st, arrive, depart: start + service });
    d = start + service;
    at = st.node;
  }
  return { ok: true, stops: out, driving };
}

/** The solver's steps of one route as stops; a delivery and a pickup at the same node one after the other make one stop. */
function stopsOfRoute(r: RouteOutput, nodes: readonly string[], jobById: ReadonlyMap<string, StopJob>): RunStop[] {
  const stops: RunStop[] = [];
  for (const st of r.steps) {
    const node = nodes[st.location]!;
    if (st.type === 'start') {
      stops.push({ node, jobId: null, arrive: st.departure, depart: st.departure, dropKg: 0, pickKg: 0, chilledKg: 0 });
    } else if (st.type === 'end') {
      stops.push({ node, jobId: null, arrive: st.arrival, depart: st.arrival, dropKg: 0, pickKg: 0, chilledKg: 0 });
    } else {
      const j = jobById.get(st.id ?? '');
      if (!j) throw new Error(`solver returned unknown job ${String(st.id)}`);
      const last = stops[stops.length - 1];
      if (last && last.node === node && last.jobId !== null) {
        stops[stops.length - 1] = {
          ...last,
          jobId: `${last.jobId}+${j.id}`,
          depart: st.departure,
          dropKg: last.dropKg + j.dropKg,
          pickKg: last.pickKg + j.pickKg,
          chilledKg: last.chilledKg + j.chilledKg,
        };
      } else {
        stops.push({ node, jobId: j.id, arrive: st.arrival, depart: st.departure, dropKg: j.dropKg, pickKg: j.pickKg, chilledKg: j.chilledKg });
      }
    }
  }
  return stops;
}

/**
 * A solver route as a timed run (`schedule`): a stop that cannot get its dwell within the windows and
 * the slot is dropped (its jobs are pushed to `dropped`), which never delays later stops because the
 * travel times satisfy the triangle inequality. While the run drives more than `drivingLeft`, the
 * stop whose removal saves the most driving is dropped too. Null when no stop is left.
 */
function runOfRoute(
  stops: RunStop[],
  slot: SlotVehicle,
  travel: { km: Minutes; minutes: Minutes },
  jobById: ReadonlyMap<string, StopJob>,
  rules: DriverRules,
  drivingLeft: number,
  dropped: { id: string; reason: string }[],
): Run | null {
  const drop = (k: number, reason: string): void => {
    for (const id of (stops[k]!.jobId ?? '').split('+')) if (id) dropped.push({ id, reason });
    stops.splice(k, 1);
  };
  let timed = schedule(stops, slot, travel.minutes, jobById, rules);
  for (;;) {
    while (!timed.ok) {
      drop(timed.at, 'split from its village stop and no time left to visit it twice');
      timed = schedule(stops, slot, travel.minutes, jobById, rules);
    }
    if (timed.driving <= drivingLeft + 1e-9 || stops.length <= 2) break;
    // over the daily driving limit: drop the stop whose removal saves the most driving
    let bestK = -1;
    let bestDriving = Infinity;
    for (let k = 1; k < stops.length - 1; k++) {
      const t = schedule([...stops.slice(0, k), ...stops.slice(k + 1)], slot, travel.minutes, jobById, rules);
      const dr = t.ok ? t.driving : Infinity;
      if (dr < bestDriving) {
        bestDriving = dr;
        bestK = k;
      }
    }
    if (bestK < 0) bestK = stops.length - 2;
    drop(bestK, `driving limit: the run would drive ${timed.driving} min, more than the ${Math.round(drivingLeft)} min its vehicle has left of the daily driving limit`);
    timed = schedule(stops, slot, travel.minutes, jobById, rules);
  }
  const kept = timed.stops;
  if (kept.filter((st) => st.jobId !== null).length === 0) return null;
  let km = 0;
  for (let i = 1; i < kept.length; i++) km += travel.km(kept[i - 1]!.node, kept[i]!.node);
  // load at departure: every delivery of the run
  let loadKg = 0;
  let loadM3 = 0;
  for (const st of kept) {
    for (const id of (st.jobId ?? '').split('+')) {
      const j = jobById.get(id);
      if (j && j.kind === 'delivery') {
        loadKg += j.kg;
        loadM3 += j.m3;
      }
    }
  }
  return { vehicle: slot.vehicle, slot: slot.slot, stops: kept, km, minutes: kept[kept.length - 1]!.arrive - kept[0]!.depart, loadKg, loadM3, driving: timed.driving };
}

/** Solves the VRPTW of `jobs` from `depot` with the offered slots and returns timed runs. */
export function routeJobs(
  matrix: TravelMatrix,
  depot: string,
  jobs: readonly StopJob[],
  slots: readonly SlotVehicle[],
  budget: RoutingBudget,
  rules: DriverRules = NO_DRIVER_RULES,
): RoutingResult {
  if (jobs.length === 0) return { runs: [], unassigned: [] };
  if (slots.length === 0) {
    return { runs: [], unassigned: jobs.map((j) => ({ id: j.id, reason: 'no vehicle available at this depot and pattern' })) };
  }
  // the solver sees each slot shortened by the breaks its longest allowed driving needs (one with
  // the defaults: 8 h a day, a break after 4 h), so the routes it finds leave room for them; the
  // runs are then scheduled on the true times with the breaks in (a run that still overruns loses
  // stops, reported unserved)
  const posed = slots.map((sl) => {
    if (!Number.isFinite(rules.maxContinuous)) return sl;
    const drive = Math.min(sl.end - sl.start, rules.drivingLeft?.get(sl.vehicle.id) ?? Infinity);
    const breaks = Math.max(0, Math.ceil(drive / rules.maxContinuous) - 1);
    return { ...sl, end: Math.max(sl.start, sl.end - breaks * rules.breakMinutes) };
  });
  const { problem, nodes, loc, travel } = slotProblem(matrix, depot, jobs, posed);
  const out = solveProblem(problem, {
    seed: budget.seed,
    ...(budget.iterations !== undefined ? { maxIterations: budget.iterations } : { maxSeconds: budget.seconds ?? 1 }),
  });
  const L = travel.locations;
  const between = (table: Float64Array): Minutes => (a, b) => table[loc.get(a)! * L + loc.get(b)!]!;
  const legs = { km: between(travel.distance), minutes: between(travel.duration) };
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const slotById = new Map(slots.map((s) => [slotId(s), s]));
  const runs: Run[] = [];
  const extraUnassigned: { id: string; reason: string }[] = [];
  const routes = out.routes.map((r) => {
    const slot = slotById.get(r.vehicleType);
    if (!slot) throw new Error(`solver returned unknown vehicle type ${r.vehicleType}`);
    return { r, slot };
  });
  // a vehicle's runs in time order share what it has left of the daily driving limit
  routes.sort((a, b) => (a.slot.vehicle.id < b.slot.vehicle.id ? -1 : a.slot.vehicle.id > b.slot.vehicle.id ? 1 : a.slot.start - b.slot.start));
  const left = new Map(rules.drivingLeft ?? []);
  for (const { r, slot } of routes) {
    const have = left.get(slot.vehicle.id) ?? Infinity;
    const run = runOfRoute(stopsOfRoute(r, nodes, jobById), slot, legs, jobById, rules, have, extraUnassigned);
    if (run) {
      runs.push(run);
      left.set(slot.vehicle.id, have - run.driving);
    }
  }
  // stable order: by vehicle id, slot, then departure
  runs.sort((a, b) => (a.vehicle.id < b.vehicle.id ? -1 : a.vehicle.id > b.vehicle.id ? 1 : a.slot - b.slot || a.stops[0]!.depart - b.stops[0]!.depart));
  return {
    runs,
    unassigned: [
      ...out.unassigned.map((u) => ({
        id: u.id,
        // every job carries a prohibitive penalty, so an unserved job means no feasible insertion
        reason: u.reason.startsWith('not served: its penalty') ? 'no feasible run with the available vehicles, shifts, capacities and time windows' : u.reason,
      })),
      ...extraUnassigned,
    ],
  };
}
