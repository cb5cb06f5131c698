/**
 * Conversion from the internal solution to the public `SolutionOutput` (internal indices → caller
 * ids in exactly one place). The schedule departs at the latest time that keeps the route
 * feasible (no avoidable waiting), falling back to the shift start.
 */
import type { RouteOutput, SolutionOutput, StepOutput, UnassignedOutput } from '../model/input.ts';
import { earliestStart, KIND_DELIVERY, KIND_PICKUP, KIND_SHIP_PICKUP, type Problem } from '../model/problem.ts';
import type { Route } from './route.ts';
import { simulateEnd } from './route.ts';
import type { Solution } from './solution.ts';

/** Builds the public output; `reasons` gives the reason of statically unservable heads. */
export function toOutput(sol: Solution, reasons: ReadonlyMap<number, string>, iterations: number): SolutionOutput {
  const p = sol.p;
  const routes: RouteOutput[] = [];
  for (const r of sol.routes) if (r.len > 0) routes.push(routeOutput(p, r));
  const unassigned: UnassignedOutput[] = [];
  for (const h of p.heads) {
    const why = reasons.get(h);
    if (why !== undefined) unassigned.push({ id: p.nodeId[h]!, reason: why });
  }
  for (let i = 0; i < sol.nUnassigned; i++) {
    const h = sol.unassigned[i]!;
    unassigned.push({
      id: p.nodeId[h]!,
      reason: p.optional[h]
        ? 'not served: its penalty is lower than the cheapest feasible insertion'
        : 'no feasible insertion with the available fleet',
    });
  }
  let distance = 0;
  let duration = 0;
  let cost = 0;
  for (const r of routes) {
    distance += r.distance;
    duration += r.duration;
    cost += r.cost;
  }
  for (let i = 0; i < sol.nUnassigned; i++) cost += p.optional[sol.unassigned[i]!] ? p.penalty[sol.unassigned[i]!]! : 0;
  const feasible = sol.feasible();
  return { routes, unassigned, vehicles: routes.length, distance, duration, cost, feasible, iterations };
}

function routeOutput(p: Problem, r: Route): RouteOutput {
  const v = r.veh;
  const N = p.nLoc;
  const dims = p.dims;
  let dep = r.dep;
  if (simulateEnd(p, v, r.nodes, 1, r.len, dep) === Infinity) dep = p.vehShiftStart[v]!;
  const load = new Array<number>(dims).fill(0);
  for (let i = 1; i <= r.len; i++) for (let d = 0; d < dims; d++) load[d]! += p.nodeDel[r.nodes[i]! * dims + d]!;
  const steps: StepOutput[] = [];
  const startLoc = p.vehStartLoc[v]!;
  steps.push({ type: 'start', location: startLoc, arrival: dep, start: dep, departure: dep, load: [...load] });
  let t = dep;
  let last = startLoc;
  let svc = 0;
  for (let i = 1; i <= r.len; i++) {
    const u = r.nodes[i]!;
    const l = p.nodeLoc[u]!;
    const arrival = t + svc + p.time[last * N + l]!;
    const start = earliestStart(p, u, arrival);
    for (let d = 0; d < dims; d++) load[d]! += p.nodePick[u * dims + d]! - p.nodeDel[u * dims + d]!;
    const kind = p.nodeKind[u]!;
    const type =
      kind === KIND_DELIVERY ? 'delivery' : kind === KIND_PICKUP ? 'pickup' : kind === KIND_SHIP_PICKUP ? 'shipment_pickup' : 'shipment_delivery';
    steps.push({ type, id: p.nodeId[u]!, location: l, arrival, start, departure: start + p.nodeService[u]!, load: load.map((x) => x) });
    t = start;
    svc = p.nodeService[u]!;
    last = l;
  }
  const endLoc = p.vehEndLoc[v]!;
  const end = t + svc + p.time[last * N + endLoc]!;
  steps.push({ type: 'end', location: endLoc, arrival: end, start: end, departure: end, load: load.map((x) => x) });
  const duration = end - dep;
  const cost = p.vehFixed[v]! + p.vehCpd[v]! * r.distance + p.vehCph[v]! * duration;
  return {
    vehicleType: p.input.vehicleTypes[p.vehType[v]!]!.id,
    vehicle: p.vehIndex[v]!,
    steps,
    distance: r.distance,
    duration,
    cost,
  };
}
