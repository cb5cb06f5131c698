/**
 * The one mapping of domain data to routing-solver problems (solver/index.ts `ProblemInput`), used by
 * the timetable planner (a trunk, feeder or cold-chain VRPTW from one depot on one weekday pattern,
 * src/timetable/routing.ts) and by the dispatch extra-run planner (overflow parcels on the free
 * warehouse vehicles of a day, src/dispatch/extra-run.ts). It builds the travel table of the
 * problem's locations, the solver's vehicle types from the fleet, the solver's jobs from the stops
 * to serve, and runs the seeded, budgeted solve. Units: km, minutes after midnight, kg, m3, yuan.
 * Mapping solutions back to runs stays with each caller (timed timetable runs, dispatch runs).
 */
import { distance as greatCircleKm } from 'geokdbush';
import { solve, type JobInput, type ProblemInput, type SolutionOutput, type VehicleTypeInput } from '../../solver/index.ts';
import type { TravelMatrix, Vehicle } from '../domain/dataset.ts';

/** Distance (km) and duration (minutes) between the problem's locations, row-major L × L. */
export interface TravelTable {
  readonly locations: number;
  readonly distance: Float64Array;
  readonly duration: Float64Array;
}

/** The travel table of `nodes` (location i = nodes[i]) cut from the county's travel matrix. */
export function travelFromMatrix(matrix: TravelMatrix, nodes: readonly string[]): TravelTable {
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
  return { locations: L, distance, duration };
}

/** The travel table of `points`: great-circle km × `circuity`, driven at `speedKmh`. */
export function travelGeodesic(points: readonly { lon: number; lat: number }[], circuity: number, speedKmh: number): TravelTable {
  const n = points.length;
  const distance = new Float64Array(n * n);
  const duration = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const km = i === j ? 0 : greatCircleKm(points[i]!.lon, points[i]!.lat, points[j]!.lon, points[j]!.lat) * circuity;
      distance[i * n + j] = km;
      duration[i * n + j] = (km / speedKmh) * 60;
    }
  }
  return { locations: n, distance, duration };
}

/** One vehicle offered to the solver for [start, end] (minutes), starting and ending at location 0. */
export interface VehicleOffer {
  /** Solver vehicle-type id (the caller maps routes back by it). */
  readonly id: string;
  readonly vehicle: Vehicle;
  readonly start: number;
  readonly end: number;
  /** Fixed cost charged when the offer is used (yuan). */
  readonly fixedCost: number;
}

/** A vehicle offer as a solver vehicle type of count 1: capacity [kg, m3], costs per km and minute. */
export function vehicleType(o: VehicleOffer): VehicleTypeInput {
  return {
    id: o.id,
    count: 1,
    startLocation: 0,
    endLocation: 0,
    capacity: [o.vehicle.capacityKg, o.vehicle.capacityM3],
    shiftStart: o.start,
    shiftEnd: o.end,
    fixedCost: o.fixedCost,
    costPerDistance: o.vehicle.costPerKm,
    costPerDuration: o.vehicle.costPerHour / 60,
    attributes: o.vehicle.refrigerated ? ['refrigerated'] : [],
  };
}

/** A stop to serve at a problem location, in domain units. */
export interface StopDemand {
  readonly id: string;
  readonly kind: 'delivery' | 'pickup';
  readonly location: number;
  readonly kg: number;
  readonly m3: number;
  readonly service: number;
  /** Time window (minutes); none = any time in the vehicle's shift. */
  readonly tw?: readonly [number, number];
  readonly requiresRefrigerated?: boolean;
  /** Cost of leaving the stop unserved. */
  readonly penalty: number;
}

/** A stop as a solver job: demand [kg, m3], one time window, the `refrigerated` attribute when chilled. */
export function jobInput(s: StopDemand): JobInput {
  return {
    id: s.id,
    kind: s.kind,
    location: s.location,
    demand: [s.kg, s.m3],
    service: s.service,
    ...(s.tw ? { timeWindows: [[s.tw[0], s.tw[1]]] } : {}),
    ...(s.requiresRefrigerated ? { requires: ['refrigerated'] } : {}),
    penalty: s.penalty,
  };
}

/** The cost-minimising problem of serving `stops` with `offers` over `travel` (two capacity dimensions: kg, m3). */
export function costProblem(travel: TravelTable, offers: readonly VehicleOffer[], stops: readonly StopDemand[]): ProblemInput {
  return {
    locations: travel.locations,
    distance: travel.distance,
    duration: travel.duration,
    dimensions: 2,
    vehicleTypes: offers.map(vehicleType),
    jobs: stops.map(jobInput),
    objective: 'cost',
  };
}

/** Budget of one solve: seeded, bounded by iterations and/or seconds (both: whichever ends first). */
export interface SolveBudget {
  readonly seed: number;
  readonly maxIterations?: number;
  readonly maxSeconds?: number;
}

/** Solves `problem` within `budget` (the timetable's and the extra runs' one call of the routing solver). */
export function solveProblem(problem: ProblemInput, budget: SolveBudget): SolutionOutput {
  return solve(problem, {
    seed: budget.seed,
    ...(budget.maxIterations !== undefined ? { maxIterations: budget.maxIterations } : {}),
    ...(budget.maxSeconds !== undefined ? { maxSeconds: budget.maxSeconds } : {}),
  });
}

/**
 * A stop of a timetable sub-problem: a `delivery` is loaded at the depot and dropped here; a `pickup`
 * is loaded here and unloaded at the depot.
 */
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
   * the village's handling time; runs are re-timed with it (src/timetable/routing.ts).
   */
  readonly stopService?: number;
}

/** One vehicle time slot of a timetable sub-problem. */
export interface SlotVehicle {
  readonly vehicle: Vehicle;
  readonly slot: number;
  readonly start: number;
  readonly end: number;
  /** Share of the vehicle's fixed cost charged to a run in this slot. */
  readonly fixedShare: number;
}

/** Penalty for leaving a timetable stop unserved: far above any route cost, so the solver serves all it can. */
export const UNSERVED_PENALTY = 100_000;

/** Solver vehicle-type id of a slot. */
export const slotId = (s: SlotVehicle): string => `${s.vehicle.id}#${s.slot}`;

/** A timetable sub-problem as a solver problem, with its locations (0 = the depot, then each job node once). */
export interface SlotProblem {
  readonly problem: ProblemInput;
  readonly nodes: readonly string[];
  readonly loc: ReadonlyMap<string, number>;
  readonly travel: TravelTable;
}

/**
 * The VRPTW of `jobs` from `depot` with each slot a vehicle type of count 1 (so one vehicle may run
 * several lines a day without overlap); every job's penalty is `UNSERVED_PENALTY` × its priority.
 */
export function slotProblem(matrix: TravelMatrix, depot: string, jobs: readonly StopJob[], slots: readonly SlotVehicle[]): SlotProblem {
  const nodes = [depot, ...new Set(jobs.map((j) => j.node))];
  const loc = new Map(nodes.map((n, i) => [n, i]));
  const travel = travelFromMatrix(matrix, nodes);
  const offers = slots.map((s) => ({ id: slotId(s), vehicle: s.vehicle, start: s.start, end: s.end, fixedCost: s.vehicle.fixedCost * s.fixedShare }));
  const stops = jobs.map((j): StopDemand => ({
    id: j.id,
    kind: j.kind,
    location: loc.get(j.node)!,
    kg: j.kg,
    m3: j.m3,
    service: j.service,
    tw: j.tw,
    ...(j.requiresRefrigerated ? { requiresRefrigerated: true } : {}),
    penalty: UNSERVED_PENALTY * (j.priority ?? 1),
  }));
  return { problem: costProblem(travel, offers, stops), nodes, loc, travel };
}

/** Overflow freight of one village and temperature class, at most one vehicle load (an extra-run job). */
export interface OverflowLoad {
  readonly id: string;
  /** Index of the village in the `points` of `extraRunProblem` (0 is the warehouse). */
  readonly location: number;
  readonly kg: number;
  readonly m3: number;
  readonly cold: boolean;
}

/** Service minutes at a village stop of an extra run. */
export const EXTRA_RUN_SERVICE_MINUTES = 10;
/** Penalty of leaving an overflow load on the ground (optional jobs: the solver weighs it against a run). */
const OVERFLOW_PENALTY = 1e6;

/**
 * The capacitated VRP of overflow loads from the warehouse (`points[0]`) on the free vehicles, each
 * available over its [start, end] window; travel is great-circle distance × `circuity` at `speedKmh`.
 * Cold loads require a refrigerated vehicle. Vehicle-type ids are the vehicle ids.
 */
export function extraRunProblem(
  points: readonly { lon: number; lat: number }[],
  circuity: number,
  speedKmh: number,
  free: readonly { vehicle: Vehicle; start: number; end: number }[],
  loads: readonly OverflowLoad[],
): ProblemInput {
  const offers = free.map((f) => ({ id: f.vehicle.id, vehicle: f.vehicle, start: f.start, end: f.end, fixedCost: f.vehicle.fixedCost }));
  const stops = loads.map((l): StopDemand => ({
    id: l.id,
    kind: 'delivery',
    location: l.location,
    kg: l.kg,
    m3: l.m3,
    service: EXTRA_RUN_SERVICE_MINUTES,
    ...(l.cold ? { requiresRefrigerated: true } : {}),
    penalty: OVERFLOW_PENALTY,
  }));
  return costProblem(travelGeodesic(points, circuity, speedKmh), offers, stops);
}
