/**
 * O(n) evaluation of a whole candidate task sequence for one vehicle: the fallback used where no
 * O(1) test applies (intra-route moves, maximum duration) and the reference the route caches agree
 * with.
 */
import { earliestStart, latestStart, type Problem } from '../model/problem.ts';
import { TIME_EPS } from '../model/units.ts';

/** Scratch space reused between calls. */
let lstBuf = new Float64Array(64);

/** Cost of serving `seq[0..n-1]` with vehicle `veh`, or +Infinity when infeasible (load, windows,
 * shift, maximum duration). Empty sequences cost 0. */
export function sequenceCost(p: Problem, veh: number, seq: ArrayLike<number>, n: number): number {
  if (n === 0) return 0;
  const N = p.nLoc;
  const dims = p.dims;
  // Loads: start with all deliveries on board, then follow the route.
  for (let d = 0; d < dims; d++) {
    let load = 0;
    for (let k = 0; k < n; k++) load += p.nodeDel[seq[k]! * dims + d]!;
    const cap = p.vehCap[veh * dims + d]!;
    if (load > cap) return Infinity;
    for (let k = 0; k < n; k++) {
      const u = seq[k]!;
      load += p.nodePick[u * dims + d]! - p.nodeDel[u * dims + d]!;
      if (load > cap) return Infinity;
    }
  }
  // Pairing: a shipment's delivery must follow its pickup on the same route.
  for (let k = 0; k < n; k++) {
    const u = seq[k]!;
    const q = p.partner[u]!;
    if (q < 0) continue;
    let j = -1;
    for (let m = 0; m < n; m++) if (seq[m] === q) j = m;
    if (j < 0) return Infinity;
    if ((p.nodeKind[u] === 2) !== k < j) return Infinity;
  }
  let dist = 0;
  let last = p.vehStartLoc[veh]!;
  for (let k = 0; k < n; k++) {
    const l = p.nodeLoc[seq[k]!]!;
    dist += p.dist[last * N + l]!;
    last = l;
  }
  dist += p.dist[last * N + p.vehEndLoc[veh]!]!;
  const start = p.vehShiftStart[veh]!;
  const end = forward(p, veh, seq, n, start);
  if (end === Infinity) return Infinity;
  let duration = end - start;
  if (p.needDuration) {
    // Latest feasible departure by a backward pass; the duration is the better of the schedules
    // departing at the shift start and at that latest departure (as in Route.minDuration).
    if (lstBuf.length < n + 1) lstBuf = new Float64Array(2 * n + 2);
    let b = p.vehShiftEnd[veh]!;
    let nextLoc = p.vehEndLoc[veh]!;
    for (let k = n - 1; k >= 0; k--) {
      const u = seq[k]!;
      b = latestStart(p, u, b - p.time[p.nodeLoc[u]! * N + nextLoc]! - p.nodeService[u]!);
      nextLoc = p.nodeLoc[u]!;
    }
    const dep = Math.max(start, b - p.time[p.vehStartLoc[veh]! * N + nextLoc]! - TIME_EPS);
    const end2 = forward(p, veh, seq, n, dep);
    if (end2 !== Infinity && end2 - dep < duration) duration = end2 - dep;
    if (duration > p.vehMaxDur[veh]!) return Infinity;
  }
  return p.vehFixed[veh]! + p.vehCpd[veh]! * dist + p.vehCph[veh]! * duration;
}

function forward(p: Problem, veh: number, seq: ArrayLike<number>, n: number, dep: number): number {
  const N = p.nLoc;
  let t = dep;
  let last = p.vehStartLoc[veh]!;
  let svc = 0;
  for (let k = 0; k < n; k++) {
    const u = seq[k]!;
    const l = p.nodeLoc[u]!;
    t = earliestStart(p, u, t + svc + p.time[last * N + l]!);
    if (t === Infinity) return Infinity;
    svc = p.nodeService[u]!;
    last = l;
  }
  const end = t + svc + p.time[last * N + p.vehEndLoc[veh]!]!;
  return end > p.vehShiftEnd[veh]! ? Infinity : end;
}
