/**
 * Periodic VRP (PVRP): input contract, validation and the dense data the search works on.
 *
 * Over a horizon of `days` days, every customer is visited on exactly the days of one of its
 * allowed patterns (a pattern is a set of days), by at most `vehiclesPerDay` vehicles per day that
 * start and end at one depot. Each day has a capacity and an optional maximum route duration
 * (travel + service time). Travel is Euclidean in double precision; the cost is the total distance
 * over all days.
 */
import { SolverInputError } from '../errors.ts';

/** One customer. `patterns` lists the allowed visit-day sets, days numbered 1..days. */
export interface PeriodicCustomer {
  /** Identifier echoed in the output (the benchmark's customer number). */
  readonly id: number;
  readonly x: number;
  readonly y: number;
  /** Service time per visit (counts towards the route duration). */
  readonly service: number;
  /** Demand per visit. */
  readonly demand: number;
  readonly patterns: readonly (readonly number[])[];
}

/** Per-day limits: capacity per vehicle and maximum route duration (0 = none). */
export interface PeriodicDay {
  readonly capacity: number;
  readonly maxDuration: number;
}

/** A PVRP instance. */
export interface PeriodicInstance {
  readonly days: number;
  readonly vehiclesPerDay: number;
  /** One entry per day, day 1 first. */
  readonly dayLimits: readonly PeriodicDay[];
  readonly depot: { readonly x: number; readonly y: number };
  readonly customers: readonly PeriodicCustomer[];
}

/** Dense, validated data: node 0 is the depot, node i the customer `customers[i - 1]`. */
export interface PeriodicData {
  readonly t: number;
  readonly m: number;
  /** Number of nodes (customers + 1). */
  readonly nNodes: number;
  readonly dist: Float64Array;
  readonly demand: Float64Array;
  readonly service: Float64Array;
  readonly capacity: Float64Array;
  /** Maximum duration per day; Infinity when unbounded. */
  readonly maxDuration: Float64Array;
  /** Allowed patterns per node as day bitmasks (bit d = day d + 1); empty for the depot. */
  readonly patterns: readonly Int32Array[];
  /** Day indices (0-based) of each pattern, parallel to `patterns`. */
  readonly patternDays: readonly (readonly Int32Array[])[];
  /** Union of a node's pattern masks. */
  readonly unionMask: Int32Array;
  /** Customers sorted by distance from each node (excluding the node itself and the depot). */
  readonly neighbours: readonly Int32Array[];
  readonly ids: readonly number[];
}

function finite(v: number, field: string, min?: number): void {
  if (!Number.isFinite(v)) throw new SolverInputError(field, 'must be a finite number');
  if (min !== undefined && v < min) throw new SolverInputError(field, `must be >= ${min}`);
}

/** Validates an instance (throws `SolverInputError` naming the field) and builds the dense data. */
export function buildPeriodicData(inst: PeriodicInstance): PeriodicData {
  const t = inst.days;
  if (!Number.isInteger(t) || t < 1 || t > 30) throw new SolverInputError('days', 'must be an integer in 1..30');
  const m = inst.vehiclesPerDay;
  if (!Number.isInteger(m) || m < 1) throw new SolverInputError('vehiclesPerDay', 'must be an integer >= 1');
  if (inst.dayLimits.length !== t) throw new SolverInputError('dayLimits', `must have one entry per day (${t})`);
  const capacity = new Float64Array(t);
  const maxDuration = new Float64Array(t);
  inst.dayLimits.forEach((d, k) => {
    finite(d.capacity, `dayLimits[${k}].capacity`, 0);
    finite(d.maxDuration, `dayLimits[${k}].maxDuration`, 0);
    capacity[k] = d.capacity;
    maxDuration[k] = d.maxDuration > 0 ? d.maxDuration : Infinity;
  });
  finite(inst.depot.x, 'depot.x');
  finite(inst.depot.y, 'depot.y');
  const n = inst.customers.length;
  const N = n + 1;
  const xs = new Float64Array(N);
  const ys = new Float64Array(N);
  const demand = new Float64Array(N);
  const service = new Float64Array(N);
  const patterns: Int32Array[] = [new Int32Array(0)];
  const patternDays: Int32Array[][] = [[]];
  const unionMask = new Int32Array(N);
  const ids: number[] = [0];
  xs[0] = inst.depot.x;
  ys[0] = inst.depot.y;
  inst.customers.forEach((c, k) => {
    const f = `customers[${k}]`;
    finite(c.x, `${f}.x`);
    finite(c.y, `${f}.y`);
    finite(c.demand, `${f}.demand`, 0);
    finite(c.service, `${f}.service`, 0);
    if (c.patterns.length === 0) throw new SolverInputError(`${f}.patterns`, 'must list at least one pattern');
    const masks = new Int32Array(c.patterns.length);
    const daysOf: Int32Array[] = [];
    c.patterns.forEach((p, j) => {
      if (p.length === 0) throw new SolverInputError(`${f}.patterns[${j}]`, 'must contain at least one day');
      let mask = 0;
      for (const d of p) {
        if (!Number.isInteger(d) || d < 1 || d > t) throw new SolverInputError(`${f}.patterns[${j}]`, `day ${d} is not in 1..${t}`);
        if (mask & (1 << (d - 1))) throw new SolverInputError(`${f}.patterns[${j}]`, `day ${d} listed twice`);
        mask |= 1 << (d - 1);
      }
      masks[j] = mask;
      const ds: number[] = [];
      for (let d = 0; d < t; d++) if (mask & (1 << d)) ds.push(d);
      daysOf.push(Int32Array.from(ds));
      unionMask[k + 1]! |= mask;
    });
    xs[k + 1] = c.x;
    ys[k + 1] = c.y;
    demand[k + 1] = c.demand;
    service[k + 1] = c.service;
    patterns.push(masks);
    patternDays.push(daysOf);
    ids.push(c.id);
  });
  const dist = new Float64Array(N * N);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) dist[i * N + j] = Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!);
  }
  const neighbours: Int32Array[] = [];
  for (let i = 0; i < N; i++) {
    const others: number[] = [];
    for (let j = 1; j < N; j++) if (j !== i) others.push(j);
    others.sort((a, b) => dist[i * N + a]! - dist[i * N + b]! || a - b);
    neighbours.push(Int32Array.from(others));
  }
  return { t, m, nNodes: N, dist, demand, service, capacity, maxDuration, patterns, patternDays, unionMask, neighbours, ids };
}
