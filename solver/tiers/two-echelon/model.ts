/**
 * Parser-independent model of the two-echelon capacitated VRP (2E-CVRP; Perboli, Tadei & Vigo 2011,
 * Transportation Science 45(3)): a depot, satellites and customers in the plane, trucks between depot
 * and satellites (split deliveries at satellites allowed), city freighters from satellites to customers.
 * In rural-dispatch terms: county warehouse = depot, township hubs = satellites, villages = customers.
 *
 * Indices are 0-based inside the solver; the unified file format's 1-based numbers are mapped in
 * src/cli/formats/two-echelon.ts. Distances are Euclidean in double precision (no rounding), the
 * convention of the Breunig et al. (2016) unified instances.
 */
import { SolverInputError } from '../../errors.ts';

/** A point with a demand (customers) or a handling cost per unit (satellites). */
export interface Site {
  readonly x: number;
  readonly y: number;
}

/** A 2E-CVRP instance. Field names follow the unified format (K1,Q1,c1,F1 / Ks,K2,Q2,c2,F2). */
export interface TwoEchelonInstance {
  readonly name: string;
  /** First echelon: number of trucks, capacity, cost per distance, fixed cost per truck used. */
  readonly K1: number;
  readonly Q1: number;
  readonly c1: number;
  readonly F1: number;
  /** Second echelon: max freighters per satellite, total freighters, capacity, cost per distance, fixed cost. */
  readonly Ks: number;
  readonly K2: number;
  readonly Q2: number;
  readonly c2: number;
  readonly F2: number;
  readonly depot: Site;
  /** Satellites; `handling` is the cost per unit of freight through it (0 when absent). */
  readonly satellites: readonly (Site & { readonly handling: number })[];
  /** Customers with their demand `q`. */
  readonly customers: readonly (Site & { readonly q: number })[];
}

/** Dense distance matrix over depot (0), satellites (1..ns), customers (ns+1..ns+nc). */
export interface TwoEchelonData {
  readonly inst: TwoEchelonInstance;
  readonly ns: number;
  readonly nc: number;
  /** Number of nodes n = 1 + ns + nc. */
  readonly n: number;
  readonly dist: Float64Array;
  readonly demand: Float64Array;
}

function checkNumber(v: number, field: string, min: number, strict: boolean): void {
  const ok = typeof v === 'number' && Number.isFinite(v) && (strict ? v > min : v >= min);
  if (!ok) throw new SolverInputError(field, `must be a finite number ${strict ? '>' : '>='} ${min}, got ${v}`);
}

function checkPoint(s: Site, field: string): void {
  if (typeof s.x !== 'number' || !Number.isFinite(s.x)) throw new SolverInputError(`${field}.x`, `must be a finite number, got ${s.x}`);
  if (typeof s.y !== 'number' || !Number.isFinite(s.y)) throw new SolverInputError(`${field}.y`, `must be a finite number, got ${s.y}`);
}

/** Validates an instance: throws `SolverInputError` naming the field (fleet sizes and capacities
 * > 0, costs and demands >= 0, finite coordinates). An instance that is merely infeasible is not
 * an input error. */
export function checkInstance(inst: TwoEchelonInstance): void {
  for (const k of ['K1', 'Q1', 'Ks', 'K2', 'Q2'] as const) checkNumber(inst[k], k, 0, true);
  for (const k of ['c1', 'F1', 'c2', 'F2'] as const) checkNumber(inst[k], k, 0, false);
  checkPoint(inst.depot, 'depot');
  if (!Array.isArray(inst.satellites) || inst.satellites.length === 0) throw new SolverInputError('satellites', 'need at least one satellite');
  inst.satellites.forEach((s, i) => {
    checkPoint(s, `satellites[${i}]`);
    checkNumber(s.handling, `satellites[${i}].handling`, 0, false);
  });
  if (!Array.isArray(inst.customers)) throw new SolverInputError('customers', 'must be an array');
  inst.customers.forEach((c, i) => {
    checkPoint(c, `customers[${i}]`);
    checkNumber(c.q, `customers[${i}].q`, 0, false);
  });
}

/** Validates the instance (`checkInstance`) and builds the distance matrix. */
export function buildData(inst: TwoEchelonInstance): TwoEchelonData {
  checkInstance(inst);
  const ns = inst.satellites.length;
  const nc = inst.customers.length;
  const n = 1 + ns + nc;
  const pts: Site[] = [inst.depot, ...inst.satellites, ...inst.customers];
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const a = pts[i]!;
      const b = pts[j]!;
      dist[i * n + j] = Math.sqrt((a.x - b.x) ** 2 + (a.y - b.y) ** 2);
    }
  }
  const demand = new Float64Array(nc);
  inst.customers.forEach((c, i) => (demand[i] = c.q));
  return { inst, ns, nc, n, dist, demand };
}

/** A second-echelon route: satellite index (0-based) and customer indices (0-based) in visit order. */
export interface SecondEchelonRoute {
  readonly satellite: number;
  readonly customers: readonly number[];
}

/** A first-echelon route: satellites (0-based) in visit order and the amount delivered at each. */
export interface FirstEchelonRoute {
  readonly satellites: readonly number[];
  readonly loads: readonly number[];
}

/** A complete 2E-CVRP solution with its cost split. */
export interface TwoEchelonSolution {
  readonly first: readonly FirstEchelonRoute[];
  readonly second: readonly SecondEchelonRoute[];
  readonly cost: number;
  readonly firstCost: number;
  readonly secondCost: number;
  /** True when every constraint holds (coverage, Q1, Q2, K1, K2, Ks). */
  readonly feasible: boolean;
}

/** Node index of satellite s (0-based) in the distance matrix. */
export function satNode(s: number): number {
  return 1 + s;
}

/** Node index of customer c (0-based) in the distance matrix given ns satellites. */
export function custNode(ns: number, c: number): number {
  return 1 + ns + c;
}

/** Length of a second-echelon route (without c2 and F2). */
export function secondRouteLength(d: TwoEchelonData, r: SecondEchelonRoute): number {
  if (r.customers.length === 0) return 0;
  let prev = satNode(r.satellite);
  let len = 0;
  for (const c of r.customers) {
    const v = custNode(d.ns, c);
    len += d.dist[prev * d.n + v]!;
    prev = v;
  }
  return len + d.dist[prev * d.n + satNode(r.satellite)]!;
}
