/**
 * Mapping of one routing sub-problem of the timetable (a trunk, feeder or cold-chain VRPTW from one
 * depot on one weekday pattern) to the routing solver's `ProblemInput` (solver/index.ts), and of its
 * solution back to timed runs in the domain's node ids. Units: km, minutes after midnight, kg, m3,
 * yuan. Each vehicle-day is cut into time slots (solver/tiers/patterns.ts `shiftSlots`), each slot a
 * vehicle type of count 1, so one vehicle may run several lines a day without overlap.
 */
import { solve, type JobInput, type ProblemInput, type VehicleTypeInput } from '../../solver/index.ts';
import type { TravelMatrix, Vehicle } from '../domain/dataset.ts';

/** A stop to serve: a `delivery` is loaded at the depot and dropped here; a `pickup` is loaded here and unloaded at the depot. */
export interface StopJob {
  readonly id: string;
  readonly node: string;
  readonly kind: 'delivery' | 'pickup';
  /** Capacity used in kg and m3 (peak days carried × loadFactor, docs/timetable.md §2 "Loads"). */
  readonly kg: number;
  readonly m3: number;
  /** Expected kg dropped / picked here per run (for the timetable; not the capacity bound). */
  readonly dropKg: number;
  readonly pickKg: number;
  readonly chilledKg: number;
  readonly service: number;
  readonly tw: readonly [number, number];
  readonly requiresRefrigerated?: boolean;
  /** Weight of serving this stop relative to one village (a hub stands for all its villages). */
  readonly priority?: number;
  /**
   * Least dwell of a stop holding this job. A village's pickup job has no service of its own (it
   * shares its delivery's stop), but when the solver puts it on a stop alone the stop still needs
   * the village's handling time; runs are re-timed with it (see `retime`).
   */
  readonly stopService?: number;
}

/** One vehicle time slot offered to the solver. */
export interface SlotVehicle {
  readonly vehicle: Vehicle;
  readonly slot: number;
  readonly start: number;
  readonly end: number;
  /** Share of the vehicle's fixed cost charged to a run in this slot. */
  readonly fixedShare: number;
}

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

/** Penalty for leaving a stop unserved: far above any route cost, so the solver serves all it can. */
const UNSERVED_PENALTY = 100_000;

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
  const nodes = [depot, ...new Set(jobs.map((j) => j.node))];
  const loc = new Map(nodes.map((n, i) => [n, i]));
  const L = nodes.length;
  const distance = new Float64Array(L * L);
  const duration = new Float64Array(L * L);
  const mIdx = nodes.map((n) => {
    const i = matrix.index.get(n);
    if (i === undefined) throw new Error(`node ${n} is not in the travel matrix`);
    return i;
  });
  for (let a = 0; a < L; a++) {
    for (let b = 0; b < L; b++) {
      distance[a * L + b] = matrix.km[mIdx[a]! * matrix.n + mIdx[b]!]!;
      duration[a * L + b] = matrix.minutes[mIdx[a]! * matrix.n + mIdx[b]!]!;
    }
  }
  const vehicleTypes: VehicleTypeInput[] = slots.map((s) => ({
    id: `${s.vehicle.id}#${s.slot}`,
    count: 1,
    startLocation: 0,
    endLocation: 0,
    capacity: [s.vehicle.capacityKg, s.vehicle.capacityM3],
    shiftStart: s.start,
    shiftEnd: s.end,
    fixedCost: s.vehicle.fixedCost * s.fixedShare,
    costPerDistance: s.vehicle.costPerKm,
    costPerDuration: s.vehicle.costPerHour / 60,
    attributes: s.vehicle.refrigerated ? ['refrigerated'] : [],
  }));
  const solverJobs: JobInput[] = jobs.map((j) => ({
    id: j.id,
    kind: j.kind,
    location: loc.get(j.node)!,
    demand: [j.kg, j.m3],
    service: j.service,
    timeWindows: [[j.tw[0], j.tw[1]]],
    ...(j.requiresRefrigerated ? { requires: ['refrigerated'] } : {}),
    penalty: UNSERVED_PENALTY * (j.priority ?? 1),
  }));
  const input: ProblemInput = {
    locations: L,
    distance,
    duration,
    dimensions: 2,
    vehicleTypes,
    jobs: solverJobs,
    objective: 'cost',
  };
  const out = solve(input, {
    seed: budget.seed,
    ...(budget.iterations !== undefined ? { maxIterations: budget.iterations } : { maxSeconds: budget.seconds ?? 1 }),
  });
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const slotById = new Map(slots.map((s) => [`${s.vehicle.id}#${s.slot}`, s]));
  const runs: Run[] = [];
  const extraUnassigned: { id: string; reason: string }[] = [];
  /**
   * Forward schedule of a stop sequence from the solver's departure: arrive = previous departure +
   * travel, service starts at the latest window opening of the stop's jobs, dwell = the largest
   * service / stopService of its jobs. Fails at the first stop whose service would start after its
   * window closes, or at the depot when the return is after the slot's end.
   */
  const retime = (seq: readonly RunStop[], slot: SlotVehicle): { ok: true; stops: RunStop[] } | { ok: false; at: number } => {
    const out: RunStop[] = [seq[0]!];
    for (let i = 1; i < seq.length; i++) {
      const prev = out[i - 1]!;
      const st = seq[i]!;
      const arrive = prev.depart + duration[loc.get(prev.node)! * L + loc.get(st.node)!]!;
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
  };
  for (const r of out.routes) {
    const slot = slotById.get(r.vehicleType);
    if (!slot) throw new Error(`solver returned unknown vehicle type ${r.vehicleType}`);
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
          // delivery and pickup at the same node one after the other: one stop
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
    // re-time with each stop's least dwell; a stop that cannot get it within the windows and the
    // slot is dropped (its jobs come back unassigned), which never delays later stops because the
    // travel times satisfy the triangle inequality
    let timed = retime(stops, slot);
    while (!timed.ok) {
      const bad = timed.at;
      const dropped = stops[bad]!;
      for (const id of (dropped.jobId ?? '').split('+')) if (id) extraUnassigned.push({ id, reason: 'split from its village stop and no time left to visit it twice' });
      stops.splice(bad, 1);
      timed = retime(stops, slot);
    }
    const kept = timed.stops;
    if (kept.length <= 2) continue;
    let km = 0;
    for (let i = 1; i < kept.length; i++) km += distance[loc.get(kept[i - 1]!.node)! * L + loc.get(kept[i]!.node)!]!;
    const first = kept[0]!;
    const lastStop = kept[kept.length - 1]!;
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
    runs.push({ vehicle: slot.vehicle, slot: slot.slot, stops: kept, km, minutes: lastStop.arrive - first.depart, loadKg, loadM3 });
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
