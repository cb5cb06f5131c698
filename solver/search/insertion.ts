/**
 * Cheapest feasible insertion of one task into one route, in O(1) per position for a job and
 * O(n) per pickup position for a shipment (Savelsbergh-style earliest/latest starts; load
 * segments concatenated as in PyVRP's `LoadSegment`). Used by the recreate step of SISR
 * (Christiaens & Vanden Berghe 2020, §4.2, with "blinks") and by the relocate operator.
 */
import { earliestStart, type Problem } from '../model/problem.ts';
import { TIME_EPS } from '../model/units.ts';
import type { Route } from '../solution/route.ts';
import { simulateEnd } from '../solution/route.ts';
import type { Rng } from '../util/rng.ts';

/** Result of the last `bestInsertion` call (module scratch: no allocation per call). */
export const ins = { delta: Infinity, pos: -1, pos2: -1 };

let seqBuf = new Int32Array(64);
let segBuf = new Float64Array(12);

/** Incremental cost of inserting job `u` after position `pos`, or +Infinity if infeasible. Exact
 * for distance costs; in `cost` mode the duration part is priced by the change in travel time (the
 * route's exact duration is recomputed when the move is applied). */
export function jobInsertionDelta(p: Problem, r: Route, u: number, pos: number): number {
  const N = p.nLoc;
  const v = r.veh;
  const lu = p.nodeLoc[u]!;
  const lp = r.loc[pos]!;
  const ln = r.loc[pos + 1]!;
  const dd = p.dist[lp * N + lu]! + p.dist[lu * N + ln]! - p.dist[lp * N + ln]!;
  const cph = p.vehCph[v]!;
  const delta =
    p.vehCpd[v]! * dd + (cph > 0 ? cph * (p.time[lp * N + lu]! + p.time[lu * N + ln]! - p.time[lp * N + ln]! + p.nodeService[u]!) : 0);
  if (!jobInsertionFeasible(p, r, u, pos)) return Infinity;
  return delta;
}

/** True when job `u` fits after position `pos` (windows, shift, load at every point, duration). */
export function jobInsertionFeasible(p: Problem, r: Route, u: number, pos: number): boolean {
  const N = p.nLoc;
  const lu = p.nodeLoc[u]!;
  const lp = r.loc[pos]!;
  const ln = r.loc[pos + 1]!;
  const a = r.est[pos]! + (pos > 0 ? p.nodeService[r.nodes[pos]!]! : 0) + p.time[lp * N + lu]!;
  const s = earliestStart(p, u, a);
  if (s === Infinity) return false;
  const a2 = s + p.nodeService[u]! + p.time[lu * N + ln]!;
  if (a2 > r.lst[pos + 1]! - (pos < r.len ? TIME_EPS : 0)) return false;
  const dims = p.dims;
  const v = r.veh;
  const o = pos * dims;
  const o2 = (pos + 1) * dims;
  const w = u * dims;
  for (let d = 0; d < dims; d++) {
    const nd = p.nodeDel[w + d]!;
    const np = p.nodePick[w + d]!;
    const nl = p.nodeLoad[w + d]!;
    const p1 = r.preP[o + d]! + np;
    const l1a = r.preL[o + d]! + nd;
    const l1b = nl + r.preP[o + d]!;
    const l1 = l1a > l1b ? l1a : l1b;
    const la = l1 + r.sufD[o2 + d]!;
    const lb = r.sufL[o2 + d]! + p1;
    if ((la > lb ? la : lb) > p.vehCap[v * dims + d]!) return false;
  }
  if (p.vehMaxDur[v]! < Infinity) return durationOk(p, r, u, pos, -1, -1);
  return true;
}

function durationOk(p: Problem, r: Route, u: number, pos: number, q: number, pos2: number): boolean {
  // Build the candidate sequence and test it in O(n) (only for vehicles with a maximum duration).
  const n = r.len + (q >= 0 ? 2 : 1);
  if (seqBuf.length < n) seqBuf = new Int32Array(2 * n);
  let k = 0;
  for (let i = 1; i <= r.len; i++) {
    if (i === pos + 1) seqBuf[k++] = u;
    if (q >= 0 && i === pos2 + 1) seqBuf[k++] = q;
    seqBuf[k++] = r.nodes[i]!;
  }
  if (pos === r.len) seqBuf[k++] = u;
  if (q >= 0 && pos2 === r.len) seqBuf[k++] = q;
  void k;
  // Minimal duration ≤ the duration of the latest-departure schedule; test that schedule.
  const start = p.vehShiftStart[r.veh]!;
  const endEarly = simulateEnd(p, r.veh, seqBuf, 0, n, start);
  if (endEarly === Infinity) return false;
  const maxDur = p.vehMaxDur[r.veh]!;
  if (endEarly - start <= maxDur) return true;
  // Try departing later: the latest departure keeping the end arrival bounded.
  let lo = start;
  let hi = p.vehShiftEnd[r.veh]!;
  for (let it = 0; it < 30; it++) {
    const mid = (lo + hi) / 2;
    if (simulateEnd(p, r.veh, seqBuf, 0, n, mid) === Infinity) hi = mid;
    else lo = mid;
  }
  const end = simulateEnd(p, r.veh, seqBuf, 0, n, lo);
  return end !== Infinity && end - lo <= maxDur;
}

/**
 * Cheapest insertion of the task headed by `u` into route `r`, skipping each position with
 * probability `blink` (SISR "blinks"). Only positions with delta < `bound` are considered.
 * Writes `ins.delta`, `ins.pos` (and `ins.pos2` for the delivery end of a shipment: it goes after
 * position `pos2` of the original route, `pos2 >= pos`; the pickup goes first when equal).
 */
export function bestInsertion(p: Problem, r: Route, u: number, blink: number, rng: Rng | null, bound: number): void {
  ins.delta = Infinity;
  ins.pos = -1;
  ins.pos2 = -1;
  const v = r.veh;
  const req = p.requiresMask[u]!;
  if ((p.vehAttr[v]! & req) !== req) return;
  const q = p.partner[u]!;
  if (q < 0) {
    const N = p.nLoc;
    const lu = p.nodeLoc[u]!;
    const cpd = p.vehCpd[v]!;
    const cph = p.vehCph[v]!;
    const dist = p.dist;
    const time = p.time;
    const svc = p.nodeService;
    const svcU = svc[u]!;
    const tw0 = p.twStart[u]!;
    const nTw = p.twCount[u]!;
    const lastClose = p.twClose[tw0 + nTw - 1]!;
    const open0 = p.twOpen[tw0]!;
    const dims = p.dims;
    const len = r.len;
    const { est, lst, loc, nodes } = r;
    const capBase = v * dims;
    const uBase = u * dims;
    const limitDur = p.vehMaxDur[v]! < Infinity;
    const canBreak = p.timeTriangle;
    let best = bound;
    for (let pos = 0; pos <= len; pos++) {
      const lp = loc[pos]!;
      const a = est[pos]! + (pos > 0 ? svc[nodes[pos]!]! : 0) + time[lp * N + lu]!;
      // With the triangle inequality on travel times the arrival at u only grows along the route.
      if (a > lastClose) {
        if (canBreak) break;
        continue;
      }
      if (blink > 0 && rng !== null && rng.next() < blink) continue;
      const ln = loc[pos + 1]!;
      let delta = cpd * (dist[lp * N + lu]! + dist[lu * N + ln]! - dist[lp * N + ln]!);
      if (cph > 0) delta += cph * (time[lp * N + lu]! + time[lu * N + ln]! - time[lp * N + ln]! + svcU);
      if (delta >= best) continue;
      const st = nTw === 1 ? (a > open0 ? a : open0) : earliestStart(p, u, a);
      if (st === Infinity) continue;
      if (st + svcU + time[lu * N + ln]! > lst[pos + 1]! - (pos < len ? TIME_EPS : 0)) continue;
      let fits = true;
      const o = pos * dims;
      const o2 = o + dims;
      for (let d = 0; d < dims; d++) {
        const nd = p.nodeDel[uBase + d]!;
        const p0 = r.preP[o + d]!;
        const l1a = r.preL[o + d]! + nd;
        const l1b = p.nodeLoad[uBase + d]! + p0;
        const l1 = l1a > l1b ? l1a : l1b;
        const la = l1 + r.sufD[o2 + d]!;
        const lb = r.sufL[o2 + d]! + p0 + p.nodePick[uBase + d]!;
        if ((la > lb ? la : lb) > p.vehCap[capBase + d]!) {
          fits = false;
          break;
        }
      }
      if (!fits) continue;
      if (limitDur && !durationOk(p, r, u, pos, -1, -1)) continue;
      best = delta;
      ins.delta = delta;
      ins.pos = pos;
    }
    return;
  }
  shipmentInsertion(p, r, u, q, blink, rng, bound);
}

/** Shipment (pickup `u`, delivery `q`) insertion: pickup after `pos`, delivery after `pos2 >= pos`. */
function shipmentInsertion(p: Problem, r: Route, u: number, q: number, blink: number, rng: Rng | null, bound: number): void {
  const N = p.nLoc;
  const v = r.veh;
  const dims = p.dims;
  const time = p.time;
  const cpd = p.vehCpd[v]!;
  const cph = p.vehCph[v]!;
  const lu = p.nodeLoc[u]!;
  const lq = p.nodeLoc[q]!;
  const n = r.len;
  if (segBuf.length < 3 * dims) segBuf = new Float64Array(3 * dims);
  const seg = segBuf;
  const capBase = v * dims;
  const maxDur = p.vehMaxDur[v]!;
  let best = bound;
  for (let pos = 0; pos <= n; pos++) {
    const lp = r.loc[pos]!;
    const a = r.est[pos]! + (pos > 0 ? p.nodeService[r.nodes[pos]!]! : 0) + time[lp * N + lu]!;
    const s = earliestStart(p, u, a);
    if (s === Infinity) continue;
    // Segment = prefix up to pos, then the pickup.
    let loadOk = true;
    for (let d = 0; d < dims; d++) {
      const o = pos * dims + d;
      const w = u * dims + d;
      seg[d] = r.preD[o]! + p.nodeDel[w]!;
      seg[dims + d] = r.preP[o]! + p.nodePick[w]!;
      const l1 = r.preL[o]! + p.nodeDel[w]!;
      const l2 = p.nodeLoad[w]! + r.preP[o]!;
      seg[2 * dims + d] = l1 > l2 ? l1 : l2;
      if (seg[2 * dims + d]! > p.vehCap[capBase + d]!) loadOk = false;
    }
    if (!loadOk) continue;
    const pickDelta = arcCost(p, cpd, cph, lp, lu) + (cph > 0 ? cph * p.nodeService[u]! : 0);
    let lastLoc = lu;
    let lastDep = s + p.nodeService[u]!;
    for (let pos2 = pos; pos2 <= n; pos2++) {
      if (pos2 > pos) {
        // Extend the segment with the original node at pos2.
        const w = r.nodes[pos2]!;
        const lw = r.loc[pos2]!;
        const t = earliestStart(p, w, lastDep + time[lastLoc * N + lw]!);
        if (t > r.lst[pos2]! - TIME_EPS) break;
        let over = false;
        for (let d = 0; d < dims; d++) {
          const k = w * dims + d;
          const l1 = seg[2 * dims + d]! + p.nodeDel[k]!;
          const l2 = p.nodeLoad[k]! + seg[dims + d]!;
          seg[d] = seg[d]! + p.nodeDel[k]!;
          seg[dims + d] = seg[dims + d]! + p.nodePick[k]!;
          seg[2 * dims + d] = l1 > l2 ? l1 : l2;
          if (seg[2 * dims + d]! > p.vehCap[capBase + d]!) over = true;
        }
        if (over) break;
        lastLoc = lw;
        lastDep = t + p.nodeService[w]!;
      }
      if (blink > 0 && rng !== null && rng.next() < blink) continue;
      const ln = r.loc[pos2 + 1]!;
      let delta: number;
      if (pos2 === pos) {
        delta = pickDelta + arcCost(p, cpd, cph, lu, lq) + arcCost(p, cpd, cph, lq, ln) - arcCost(p, cpd, cph, lp, ln);
      } else {
        delta = pickDelta + arcCost(p, cpd, cph, lu, r.loc[pos + 1]!) - arcCost(p, cpd, cph, lp, r.loc[pos + 1]!);
        delta += arcCost(p, cpd, cph, lastLoc, lq) + arcCost(p, cpd, cph, lq, ln) - arcCost(p, cpd, cph, lastLoc, ln);
      }
      if (cph > 0) delta += cph * p.nodeService[q]!;
      if (delta >= best) continue;
      const t2 = earliestStart(p, q, lastDep + time[lastLoc * N + lq]!);
      if (t2 === Infinity) continue;
      const a2 = t2 + p.nodeService[q]! + time[lq * N + ln]!;
      if (a2 > r.lst[pos2 + 1]! - (pos2 < n ? TIME_EPS : 0)) continue;
      let fits = true;
      for (let d = 0; d < dims; d++) {
        const k = q * dims + d;
        const o2 = (pos2 + 1) * dims + d;
        const p1 = seg[dims + d]! + p.nodePick[k]!;
        const l1a = seg[2 * dims + d]! + p.nodeDel[k]!;
        const l1b = p.nodeLoad[k]! + seg[dims + d]!;
        const l1 = l1a > l1b ? l1a : l1b;
        const la = l1 + r.sufD[o2]!;
        const lb = r.sufL[o2]! + p1;
        if ((la > lb ? la : lb) > p.vehCap[capBase + d]!) fits = false;
      }
      if (!fits) continue;
      if (maxDur < Infinity && !durationOk(p, r, u, pos, q, pos2)) continue;
      best = delta;
      ins.delta = delta;
      ins.pos = pos;
      ins.pos2 = pos2;
    }
  }
}

/** Cost of the arc a→b for a vehicle with the given per-distance and per-duration costs. */
function arcCost(p: Problem, cpd: number, cph: number, a: number, b: number): number {
  const k = a * p.nLoc + b;
  return cpd * p.dist[k]! + (cph > 0 ? cph * p.time[k]! : 0);
}

/** Applies an insertion found by `bestInsertion` (positions refer to the route before the change). */
export function applyInsertion(r: Route, u: number, q: number, pos: number, pos2: number): void {
  if (q >= 0) {
    r.insertAt(pos2, q);
    r.insertAt(pos, u);
  } else {
    r.insertAt(pos, u);
  }
}
