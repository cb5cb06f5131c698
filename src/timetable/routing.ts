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

/** Travel minutes between two nodes of a sub-problem. */
type Minutes = (a: string, b: string) => number;

/**
 * Forward schedule of a stop sequence from the solver's departure: arrive = previous departure +
 * travel, service starts at the latest window opening of the stop's jobs, dwell = the largest
 * service / stopService of its jobs. Fails at the first stop whose service would start after its
 * window closes, or at the depot when the return is after the slot's end.
 */
function retime(seq: readonly RunStop[], slot: SlotVehicle, travel: Minutes, jobById: ReadonlyMap<string, StopJob>): { ok: true; stops: RunStop[] } | { ok: false; at: number } {
  const out: RunStop[] = [seq[0]!];
  for (let i = 1; i < seq.length; i++) {
    const prev = out[i - 1]!;
    const st = seq[i]!;
    const arrive = prev.depart + travel(prev.node, st.node);
    if (st.jobId === null) {
      if (arrive > slot.end + 1e-6) {
        // drop the last stop that has jobs, to free time
        for (let k = i - 1; k >= 1; k--) if (seq[k]!.jobId !== null) return { ok: false, at: k };
      }
      out.push({ ...st, arrive, depart: arrive });
      continue;
    }
    const js = st.jobId.split('+').map((id) => jobById.get(id)!);
    const open = Math.max(...js.map((j) => j.tw[0]));
    const close = Math.min(...js.map((j) => j.tw[1]));
    const service = Math.max(...js.map((j) => Math.max(j.service, j.stopService ?? 0)));
    const start = Math.max(arrive, open);
    if (start > close + 1e-6) return { ok: false, at: i };
    out.push({ ...st, arrive, depart: start + service });
  }
  return { ok: true, stops: out };
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
 * A solver route as a timed run, re-timed with each stop's least dwell; a stop that cannot get it
 * within the windows and the slot is dropped (its jobs are pushed to `dropped`), which never delays
 * later stops because the travel times satisfy the triangle inequality. Null when no stop is left.
 */
function runOfRoute(
  stops: RunStop[],
  slot: SlotVehicle,
  travel: { km: Minutes; minutes: Minutes },
  jobById: ReadonlyMap<string, StopJob>,
  dropped: { id: string; reason: string }[],
): Run | null {
  let timed = retime(stops, slot, travel.minutes, jobById);
  while (!timed.ok) {
    const bad = timed.at;
    for (const id of (stops[bad]!.jobId ?? '').split('+')) if (id) dropped.push({ id, reason: 'split from its village stop and no time left to visit it twice' });
    stops.splice(bad, 1);
    timed = retime(stops, slot, travel.minutes, jobById);
  }
  const kept = timed.stops;
  if (kept.length <= 2) return null;
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
  return { vehicle: slot.vehicle, slot: slot.slot, stops: kept, km, minutes: kept[kept.length - 1]!.arrive - kept[0]!.depart, loadKg, loadM3 };
}

/** Solves the VRPTW of `jobs` from `depot` with the offered slots and returns timed runs. */
export function routeJobs(
  matrix: TravelMatrix,
  depot: string,
  jobs: readonly StopJob[],
  slots: readonly SlotVehicle[],
  budget: RoutingBudget,
): RoutingResult {
  if (jobs.length === 0) return { runs: [], unassigned: [] };
  if (slots.length === 0) {
    return { runs: [], unassigned: jobs.map((j) => ({ id: j.id, reason: 'no vehicle available at this depot and pattern' })) };
  }
  const { problem, nodes, loc, travel } = slotProblem(matrix, depot, jobs, slots);
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
  for (const r of out.routes) {
    const slot = slotById.get(r.vehicleType);
    if (!slot) throw new Error(`solver returned unknown vehicle type ${r.vehicleType}`);
    const run = runOfRoute(stopsOfRoute(r, nodes, jobById), slot, legs, jobById, extraUnassigned);
    if (run) runs.push(run);
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
