/**
 * Independent solution checker for the solver tests: recomputes every returned route's distance,
 * loads at every point, service starts against the time windows, shift, maximum duration,
 * attributes, pairing/precedence and coverage from the routes and the input only — never from the
 * solver's bookkeeping (it reads the step order, vehicle and reported departure, nothing else).
 */
import type { ProblemInput, SolutionOutput, TimeWindow } from '../../solver/index.ts';

/** What the checker found. */
export interface CheckResult {
  readonly ok: boolean;
  readonly errors: string[];
  /** Total distance recomputed from the matrix. */
  readonly distance: number;
  /** Objective value recomputed (routing cost + penalties of unassigned optional tasks). */
  readonly cost: number;
  readonly perRoute: { distance: number; duration: number; cost: number }[];
}

interface Visit {
  kind: 'delivery' | 'pickup' | 'shipment_pickup' | 'shipment_delivery';
  id: string;
  location: number;
  service: number;
  windows: readonly TimeWindow[];
  delta: number[];
  deliveredFromDepot: number[];
  requires: readonly string[];
}

const EPS = 1e-9;

function startIn(windows: readonly TimeWindow[], arrival: number): number {
  if (windows.length === 0) return arrival;
  const sorted = [...windows].sort((a, b) => a[0] - b[0]);
  for (const [o, c] of sorted) if (arrival <= c) return Math.max(arrival, o);
  return Infinity;
}

/** Checks `out` against `input`. `tol` is the slack allowed on times (0 = exact double precision). */
export function checkSolution(input: ProblemInput, out: SolutionOutput, tol = 0): CheckResult {
  const errors: string[] = [];
  const n = input.locations;
  const dims = input.dimensions;
  const objective = input.objective ?? 'cost';
  const jobs = new Map(input.jobs.map((j) => [j.id, j]));
  const ships = new Map((input.shipments ?? []).map((s) => [s.id, s]));
  const served = new Map<string, number>();
  const types = new Map(input.vehicleTypes.map((t) => [t.id, t]));
  const usedVehicles = new Set<string>();
  let distance = 0;
  let cost = 0;
  const perRoute: CheckResult['perRoute'] = [];
  out.routes.forEach((route, r) => {
    const t = types.get(route.vehicleType);
    if (!t) {
      errors.push(`route ${r}: unknown vehicle type ${route.vehicleType}`);
      return;
    }
    const key = `${t.id}#${route.vehicle}`;
    if (usedVehicles.has(key)) errors.push(`route ${r}: vehicle ${key} used twice`);
    usedVehicles.add(key);
    if (route.vehicle < 0 || route.vehicle >= t.count) errors.push(`route ${r}: vehicle index ${route.vehicle} >= count ${t.count}`);
    const visits: Visit[] = [];
    const pickedAt = new Map<string, number>();
    for (const s of route.steps) {
      if (s.type === 'start' || s.type === 'end') continue;
      const id = s.id ?? '';
      if (s.type === 'delivery' || s.type === 'pickup') {
        const j = jobs.get(id);
        if (!j || j.kind !== s.type) {
          errors.push(`route ${r}: unknown ${s.type} ${id}`);
          continue;
        }
        served.set(id, (served.get(id) ?? 0) + 1);
        visits.push({
          kind: s.type,
          id,
          location: j.location,
          service: j.service ?? 0,
          windows: j.timeWindows ?? [],
          delta: j.kind === 'delivery' ? j.demand.map((x) => -x) : [...j.demand],
          deliveredFromDepot: j.kind === 'delivery' ? [...j.demand] : new Array<number>(dims).fill(0),
          requires: j.requires ?? [],
        });
      } else {
        const sh = ships.get(id);
        if (!sh) {
          errors.push(`route ${r}: unknown shipment ${id}`);
          continue;
        }
        const end = s.type === 'shipment_pickup' ? sh.pickup : sh.delivery;
        if (s.type === 'shipment_pickup') {
          pickedAt.set(id, visits.length);
          served.set(id, (served.get(id) ?? 0) + 1);
        } else if (!pickedAt.has(id)) {
          errors.push(`route ${r}: shipment ${id} delivered before (or without) its pickup on this route`);
        } else {
          pickedAt.delete(id);
        }
        visits.push({
          kind: s.type,
          id,
          location: end.location,
          service: end.service ?? 0,
          windows: end.timeWindows ?? [],
          delta: s.type === 'shipment_pickup' ? [...sh.demand] : sh.demand.map((x) => -x),
          deliveredFromDepot: new Array<number>(dims).fill(0),
          requires: sh.requires ?? [],
        });
      }
    }
    for (const id of pickedAt.keys()) errors.push(`route ${r}: shipment ${id} picked up but not delivered`);
    if (visits.length === 0) errors.push(`route ${r}: empty route reported`);
    const attrs = new Set(t.attributes ?? []);
    for (const v of visits) for (const a of v.requires) if (!attrs.has(a)) errors.push(`route ${r}: ${v.id} requires ${a}`);
    // Loads at every point.
    const load = new Array<number>(dims).fill(0);
    for (const v of visits) for (let d = 0; d < dims; d++) load[d]! += v.deliveredFromDepot[d]!;
    const checkLoad = (where: string): void => {
      for (let d = 0; d < dims; d++) {
        if (load[d]! > t.capacity[d]! + EPS) errors.push(`route ${r}: load ${load[d]} > capacity ${t.capacity[d]} (dim ${d}) ${where}`);
        if (load[d]! < -EPS) errors.push(`route ${r}: negative load ${load[d]} (dim ${d}) ${where}`);
      }
    };
    checkLoad('at start');
    for (const v of visits) {
      for (let d = 0; d < dims; d++) load[d]! += v.delta[d]!;
      checkLoad(`after ${v.id}`);
    }
    // Distance.
    let dist = 0;
    let last = t.startLocation;
    for (const v of visits) {
      dist += Number(input.distance[last * n + v.location]);
      last = v.location;
    }
    dist += Number(input.distance[last * n + t.endLocation]);
    // Schedule from the reported departure (must lie within the shift).
    const dep = route.steps[0]?.departure ?? t.shiftStart;
    if (dep < t.shiftStart - EPS) errors.push(`route ${r}: departs at ${dep} before shift start ${t.shiftStart}`);
    const endAt = (departure: number, report: boolean): number => {
      let time = departure;
      let loc = t.startLocation;
      let svc = 0;
      for (const v of visits) {
        const arrival = time + svc + Number(input.duration[loc * n + v.location]);
        const s = startIn(v.windows, arrival - tol);
        if (s === Infinity) {
          if (report) errors.push(`route ${r}: ${v.id} arrives at ${arrival}, after its last window closes`);
          return Infinity;
        }
        time = Math.max(s, arrival);
        svc = v.service;
        loc = v.location;
      }
      const end = time + svc + Number(input.duration[loc * n + t.endLocation]);
      if (end > t.shiftEnd + tol) {
        if (report) errors.push(`route ${r}: returns at ${end} > shift end ${t.shiftEnd}`);
        return Infinity;
      }
      return end;
    };
    const end = endAt(dep, true);
    // Duration of the reported schedule (the solver reports the schedule it prices).
    const duration = end - dep;
    if (end !== Infinity && t.maxDuration !== undefined && duration > t.maxDuration + 1e-6) {
      errors.push(`route ${r}: duration ${duration} > max ${t.maxDuration}`);
    }
    let c: number;
    if (objective === 'cost') c = (t.fixedCost ?? 0) + (t.costPerDistance ?? 1) * dist + (t.costPerDuration ?? 0) * duration;
    else c = dist;
    perRoute.push({ distance: dist, duration, cost: c });
    if (Math.abs(dist - route.distance) > 1e-6 * Math.max(1, dist)) errors.push(`route ${r}: reported distance ${route.distance} != ${dist}`);
    distance += dist;
    cost += c;
  });
  for (const [id, k] of served) if (k > 1) errors.push(`${id} served ${k} times`);
  const unassigned = new Set(out.unassigned.map((u) => u.id));
  for (const u of out.unassigned) {
    if (served.has(u.id)) errors.push(`${u.id} both served and unassigned`);
    if (!u.reason) errors.push(`${u.id} unassigned without a reason`);
    const pen = jobs.get(u.id)?.penalty ?? ships.get(u.id)?.penalty;
    if (pen !== undefined) cost += pen;
  }
  for (const id of [...jobs.keys(), ...ships.keys()]) {
    if (!served.has(id) && !unassigned.has(id)) errors.push(`${id} neither served nor unassigned`);
  }
  if (Math.abs(distance - out.distance) > 1e-6 * Math.max(1, distance)) errors.push(`total distance ${out.distance} != ${distance}`);
  return { ok: errors.length === 0, errors, distance, cost, perRoute };
}
