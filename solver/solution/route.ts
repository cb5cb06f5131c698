/**
 * One vehicle's route with cached forward/backward data for O(1) move evaluation
 * (Savelsbergh 1992, "The vehicle routing problem with time windows: minimizing route duration",
 * ORSA J. Computing 4: earliest and latest service starts; Vidal et al. 2013 for the prefix/suffix
 * segment idea; load segments as in PyVRP's `LoadSegment`).
 *
 * Positions: 0 = start depot, 1..len = task nodes, len+1 = end depot.
 * - `est[i]`: earliest service start at position i (departure at 0, arrival at len+1).
 * - `lst[i]`: latest service start at i such that the rest of the route stays feasible. Because the
 *   forward schedule is monotone in the arrival time, an arrival `a` at position i is feasible for
 *   the suffix iff `a <= lst[i]` — this also holds with several disjoint windows per node.
 * - `pre*`/`suf*`: load segments (delivery, pickup, peak) of positions 0..i and i..len+1.
 */
import { earliestStart, latestStart, type Problem } from '../model/problem.ts';
import { TIME_EPS } from '../model/units.ts';

/** A route and its caches. Arrays grow on demand and are reused (no allocation per move). */
export class Route {
  /** Number of task nodes. */
  len = 0;
  /** Node at each position (−1 at the depots). */
  nodes: Int32Array;
  loc: Int32Array;
  est: Float64Array;
  lst: Float64Array;
  /** Cumulative distance from the start depot. */
  cum: Float64Array;
  /** Shipments picked up at or before position i and delivered after it (cuts allowed at 0). */
  open: Int32Array;
  preD: Float64Array;
  preP: Float64Array;
  preL: Float64Array;
  sufD: Float64Array;
  sufP: Float64Array;
  sufL: Float64Array;
  distance = 0;
  /** Minimal route duration (end arrival − latest feasible departure); only when the problem needs it. */
  duration = 0;
  cost = 0;
  /** Departure time of the reported schedule (see `minDuration`). */
  dep = 0;
  feasible = true;
  private cap: number;

  /** @param veh vehicle index (fixed for the route's lifetime). */
  constructor(
    readonly p: Problem,
    readonly veh: number,
  ) {
    this.cap = 0;
    this.nodes = new Int32Array(0);
    this.loc = new Int32Array(0);
    this.est = new Float64Array(0);
    this.lst = new Float64Array(0);
    this.cum = new Float64Array(0);
    this.open = new Int32Array(0);
    this.preD = this.preP = this.preL = this.sufD = this.sufP = this.sufL = new Float64Array(0);
    this.ensure(8);
    this.nodes[0] = -1;
    this.nodes[1] = -1;
    this.recompute();
  }

  /** Makes room for `n` task nodes. */
  ensure(n: number): void {
    if (n + 2 <= this.cap) return;
    let c = Math.max(8, this.cap);
    while (c < n + 2) c *= 2;
    const dims = this.p.dims;
    const grow = <T extends Int32Array | Float64Array>(a: T, mult: number): T => {
      const b = (a instanceof Int32Array ? new Int32Array(c * mult) : new Float64Array(c * mult)) as T;
      b.set(a);
      return b;
    };
    this.nodes = grow(this.nodes, 1);
    this.loc = grow(this.loc, 1);
    this.est = grow(this.est, 1);
    this.lst = grow(this.lst, 1);
    this.cum = grow(this.cum, 1);
    this.open = grow(this.open, 1);
    this.preD = grow(this.preD, dims);
    this.preP = grow(this.preP, dims);
    this.preL = grow(this.preL, dims);
    this.sufD = grow(this.sufD, dims);
    this.sufP = grow(this.sufP, dims);
    this.sufL = grow(this.sufL, dims);
    this.cap = c;
  }

  /** Replaces the task sequence (caller recomputes). */
  setNodes(seq: ArrayLike<number>, n: number): void {
    this.ensure(n);
    this.nodes[0] = -1;
    for (let i = 0; i < n; i++) this.nodes[i + 1] = seq[i]!;
    this.nodes[n + 1] = -1;
    this.len = n;
  }

  /** Inserts `node` after position `pos` (caller recomputes). */
  insertAt(pos: number, node: number): void {
    this.ensure(this.len + 1);
    this.nodes.copyWithin(pos + 2, pos + 1, this.len + 2);
    this.nodes[pos + 1] = node;
    this.len++;
  }

  /** Removes the node at position `pos` (1..len; caller recomputes). */
  removeAt(pos: number): void {
    this.nodes.copyWithin(pos, pos + 1, this.len + 2);
    this.len--;
  }

  /** Recomputes every cache from `nodes`; sets `feasible`, `distance`, `duration`, `cost`. */
  recompute(routeOf?: Int32Array, posOf?: Int32Array, id = -1): void {
    const p = this.p;
    const n = this.len;
    const N = p.nLoc;
    const dims = p.dims;
    const v = this.veh;
    const { nodes, loc, est, lst, cum, open, preD, preP, preL, sufD, sufP, sufL } = this;
    const svc = p.nodeService;
    const dist = p.dist;
    const time = p.time;
    loc[0] = p.vehStartLoc[v]!;
    loc[n + 1] = p.vehEndLoc[v]!;
    for (let i = 1; i <= n; i++) {
      const u = nodes[i]!;
      loc[i] = p.nodeLoc[u]!;
      if (routeOf !== undefined && posOf !== undefined) {
        routeOf[u] = id;
        posOf[u] = i;
      }
    }
    let feasible = true;
    open[0] = 0;
    for (let i = 1; i <= n; i++) {
      const k = p.nodeKind[nodes[i]!]!;
      open[i] = open[i - 1]! + (k === 2 ? 1 : k === 3 ? -1 : 0);
    }
    open[n + 1] = 0;
    est[0] = p.vehShiftStart[v]!;
    cum[0] = 0;
    for (let d = 0; d < dims; d++) {
      preD[d] = 0;
      preP[d] = 0;
      preL[d] = 0;
    }
    for (let i = 1; i <= n + 1; i++) {
      const a = est[i - 1]! + (i > 1 ? svc[nodes[i - 1]!]! : 0) + time[loc[i - 1]! * N + loc[i]!]!;
      cum[i] = cum[i - 1]! + dist[loc[i - 1]! * N + loc[i]!]!;
      if (i <= n) {
        const u = nodes[i]!;
        const s = earliestStart(p, u, a);
        est[i] = s;
        if (s === Infinity) feasible = false;
        const o = i * dims;
        const q = (i - 1) * dims;
        const w = u * dims;
        for (let d = 0; d < dims; d++) {
          const nd = p.nodeDel[w + d]!;
          const np = p.nodePick[w + d]!;
          const nl = p.nodeLoad[w + d]!;
          preD[o + d] = preD[q + d]! + nd;
          preP[o + d] = preP[q + d]! + np;
          const l1 = preL[q + d]! + nd;
          const l2 = nl + preP[q + d]!;
          preL[o + d] = l1 > l2 ? l1 : l2;
        }
      } else {
        est[i] = a;
        if (a > p.vehShiftEnd[v]!) feasible = false;
        const o = i * dims;
        const q = (i - 1) * dims;
        for (let d = 0; d < dims; d++) {
          preD[o + d] = preD[q + d]!;
          preP[o + d] = preP[q + d]!;
          preL[o + d] = preL[q + d]!;
        }
      }
    }
    // Backward pass.
    lst[n + 1] = p.vehShiftEnd[v]!;
    {
      const o = (n + 1) * dims;
      for (let d = 0; d < dims; d++) {
        sufD[o + d] = 0;
        sufP[o + d] = 0;
        sufL[o + d] = 0;
      }
    }
    for (let i = n; i >= 1; i--) {
      const u = nodes[i]!;
      const bound = lst[i + 1]! - time[loc[i]! * N + loc[i + 1]!]! - svc[u]!;
      lst[i] = latestStart(p, u, bound);
      const o = i * dims;
      const q = (i + 1) * dims;
      const w = u * dims;
      for (let d = 0; d < dims; d++) {
        const nd = p.nodeDel[w + d]!;
        const np = p.nodePick[w + d]!;
        const nl = p.nodeLoad[w + d]!;
        sufD[o + d] = nd + sufD[q + d]!;
        sufP[o + d] = np + sufP[q + d]!;
        const l1 = nl + sufD[q + d]!;
        const l2 = sufL[q + d]! + np;
        sufL[o + d] = l1 > l2 ? l1 : l2;
      }
    }
    lst[0] = lst[1]! - time[loc[0]! * N + loc[1]!]!;
    {
      const o = 0;
      const q = dims;
      for (let d = 0; d < dims; d++) {
        sufD[o + d] = sufD[q + d]!;
        sufP[o + d] = sufP[q + d]!;
        sufL[o + d] = sufL[q + d]!;
      }
    }
    const top = (n + 1) * dims;
    for (let d = 0; d < dims; d++) {
      if (preL[top + d]! > p.vehCap[v * dims + d]!) feasible = false;
    }
    this.distance = cum[n + 1]!;
    if (p.needDuration) {
      this.duration = n === 0 ? 0 : this.minDuration();
      if (this.duration > p.vehMaxDur[v]!) feasible = false;
    } else {
      this.duration = n === 0 ? 0 : est[n + 1]! - est[0]!;
      this.dep = this.departure();
      if (simulateEnd(p, v, nodes, 1, n, this.dep) === Infinity) this.dep = est[0]!;
    }
    this.feasible = feasible;
    this.cost = n === 0 ? 0 : p.vehFixed[v]! + p.vehCpd[v]! * this.distance + p.vehCph[v]! * this.duration;
  }

  /** Latest departure that keeps the route feasible (less a rounding margin), clamped to the
   * shift start. */
  departure(): number {
    const l = this.lst[0]! - TIME_EPS;
    const s = this.p.vehShiftStart[this.veh]!;
    return l > s ? l : s;
  }

  /** Duration of the better of two schedules: departing at the shift start, or at the latest
   * feasible departure. With one window per stop the end arrival as a function of the departure d
   * grows with slope 0 or 1, so arrival(d) − d is smallest at the latest departure and this is the
   * exact minimum; with several windows per stop it is a heuristic (a later departure may miss a
   * window and wait for the next). `dep` records the chosen departure. */
  private minDuration(): number {
    const early = this.est[this.len + 1]! - this.est[0]!;
    const late = this.departure();
    const end = simulateEnd(this.p, this.veh, this.nodes, 1, this.len, late);
    if (end !== Infinity && end - late < early) {
      this.dep = late;
      return end - late;
    }
    this.dep = this.est[0]!;
    return early;
  }
}

/** Forward schedule of `nodes[from..from+n-1]` for vehicle `veh` departing at `dep`: the arrival at
 * the end depot, or +Infinity when a window or the shift end is missed. */
export function simulateEnd(p: Problem, veh: number, nodes: ArrayLike<number>, from: number, n: number, dep: number): number {
  const N = p.nLoc;
  let t = dep;
  let last = p.vehStartLoc[veh]!;
  let svcLast = 0;
  for (let k = 0; k < n; k++) {
    const u = nodes[from + k]!;
    const l = p.nodeLoc[u]!;
    t = earliestStart(p, u, t + svcLast + p.time[last * N + l]!);
    if (t === Infinity) return Infinity;
    svcLast = p.nodeService[u]!;
    last = l;
  }
  const end = t + svcLast + p.time[last * N + p.vehEndLoc[veh]!]!;
  return end > p.vehShiftEnd[veh]! ? Infinity : end;
}
