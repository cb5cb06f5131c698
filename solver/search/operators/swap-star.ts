/**
 * SWAP* (Vidal 2022, "Hybrid genetic search for the CVRP: open-source implementation and SWAP*
 * neighborhood", Computers & OR 140): exchange job u (route A) and job v (route B ≠ A), each
 * inserted at its best position in the other route rather than in the other's place. Plain swap
 * only puts v where u was; SWAP* also considers every gap of A not next to u (and likewise for
 * u in B), which finds the exchanges that pay only when both customers move to better spots.
 *
 * Position choice: for v in A \ {u}, the candidates are u's place (the gap left by removing u) and
 * every other gap of A, priced by the change in distance; a gap is kept when v fits there in A as
 * it is (cached earliest/latest starts, O(1)). Removing u only makes later arrivals earlier when
 * travel times obey the triangle inequality, so the kept gap is also time-feasible without u. Load
 * is checked on the route totals when no task picks up (a delivery-only route's peak load is its
 * start load), otherwise on the new sequences. Vidal scans the top three insertion positions per
 * route; with time windows the best feasible gap is found by a scan of both routes, O(|A| + |B|).
 *
 * Exactness: on compatible routes (same end depot and shift end, no duration pricing or limit),
 * travel times with the triangle inequality and no pickups, the distance change is the exact cost
 * change. Otherwise the chosen sequences are re-evaluated exactly in O(n) (`rewriteDelta`), which
 * also rejects them when the conservative tests were not enough (maximum duration, pickups).
 */
import { TIME_EPS } from '../../model/units.ts';
import { earliestStart, type Problem } from '../../model/problem.ts';
import type { Route } from '../../solution/route.ts';
import type { Solution } from '../../solution/solution.ts';
import { commitRewrite, fastPath, rewriteDelta, scratch, type Operator, type Rewrite } from './operator.ts';
import { replaceFeasible } from './swap.ts';

/** Problems in which some node picks up (then the load profile depends on positions). */
const pickups = new WeakMap<Problem, boolean>();

function hasPickups(p: Problem): boolean {
  let h = pickups.get(p);
  if (h === undefined) {
    h = p.nodePick.some((x) => x !== 0);
    pickups.set(p, h);
  }
  return h;
}

/** True when job `w` fits in the gap after position `k` of R as R is (windows and shift only). */
function timeFits(p: Problem, R: Route, w: number, k: number): boolean {
  const N = p.nLoc;
  const lw = p.nodeLoc[w]!;
  const a = R.est[k]! + (k > 0 ? p.nodeService[R.nodes[k]!]! : 0) + p.time[R.loc[k]! * N + lw]!;
  const s = earliestStart(p, w, a);
  if (s === Infinity) return false;
  const a2 = s + p.nodeService[w]! + p.time[lw * N + R.loc[k + 1]!]!;
  return a2 <= R.lst[k + 1]! - (k < R.len ? TIME_EPS : 0);
}

/** True when route R stays time-feasible with the node at position i removed. */
function removalFits(p: Problem, R: Route, i: number): boolean {
  const N = p.nLoc;
  const a = R.est[i - 1]! + (i > 1 ? p.nodeService[R.nodes[i - 1]!]! : 0) + p.time[R.loc[i - 1]! * N + R.loc[i + 1]!]!;
  return a <= R.lst[i + 1]! - (i + 1 <= R.len ? TIME_EPS : 0);
}

/** Result of `bestGap` (module scratch, no allocation per call). */
const gap = { delta: Infinity, k: -1 };

/**
 * Best place for job w in route R once the node at position i is removed: `gap.k = -1` for i's
 * own place, else the gap after position k (k ∉ {i−1, i}); `gap.delta` is the distance change
 * relative to R without that node (+Infinity when no place fits).
 */
function bestGap(p: Problem, R: Route, i: number, w: number): void {
  const N = p.nLoc;
  const D = p.dist;
  const lw = p.nodeLoc[w]!;
  const loc = R.loc;
  gap.delta = Infinity;
  gap.k = -1;
  if (replaceFeasible(p, R, i, w)) {
    const a0 = loc[i - 1]!;
    const a1 = loc[i + 1]!;
    gap.delta = D[a0 * N + lw]! + D[lw * N + a1]! - D[a0 * N + a1]!;
  }
  for (let k = 0; k <= R.len; k++) {
    if (k === i - 1 || k === i) continue;
    const l0 = loc[k]!;
    const l1 = loc[k + 1]!;
    const d = D[l0 * N + lw]! + D[lw * N + l1]! - D[l0 * N + l1]!;
    if (d < gap.delta && timeFits(p, R, w, k)) {
      gap.delta = d;
      gap.k = k;
    }
  }
}

/** True when R's delivery total stays within capacity with `out` replaced by `inn` (delivery-only problems). */
function totalsFit(p: Problem, R: Route, out: number, inn: number): boolean {
  const dims = p.dims;
  const top = R.len * dims;
  for (let d = 0; d < dims; d++) {
    const load = R.preD[top + d]! - p.nodeDel[out * dims + d]! + p.nodeDel[inn * dims + d]!;
    if (load > p.vehCap[R.veh * dims + d]!) return false;
  }
  return true;
}

/** The chosen move (module scratch): gaps for v in A and u in B, and the distance-priced delta. */
const move = { kA: -1, kB: -1, delta: Infinity };

/** Chooses the positions of the move (u, v); `move.delta` = +Infinity when none fits. */
function choose(p: Problem, sol: Solution, u: number, v: number): void {
  move.delta = Infinity;
  const ru = sol.routeOf[u]!;
  const rv = sol.routeOf[v]!;
  const A = sol.routes[ru]!;
  const B = sol.routes[rv]!;
  const i = sol.posOf[u]!;
  const j = sol.posOf[v]!;
  if (!removalFits(p, A, i) || !removalFits(p, B, j)) return;
  bestGap(p, A, i, v);
  if (gap.delta === Infinity) return;
  const kA = gap.k;
  const insA = gap.delta;
  bestGap(p, B, j, u);
  if (gap.delta === Infinity) return;
  const N = p.nLoc;
  const D = p.dist;
  const lu = p.nodeLoc[u]!;
  const lv = p.nodeLoc[v]!;
  const remA = D[A.loc[i - 1]! * N + A.loc[i + 1]!]! - D[A.loc[i - 1]! * N + lu]! - D[lu * N + A.loc[i + 1]!]!;
  const remB = D[B.loc[j - 1]! * N + B.loc[j + 1]!]! - D[B.loc[j - 1]! * N + lv]! - D[lv * N + B.loc[j + 1]!]!;
  move.kA = kA;
  move.kB = gap.k;
  move.delta = p.vehCpd[A.veh]! * (remA + insA) + p.vehCpd[B.veh]! * (remB + gap.delta);
}

/** R's sequence with `out` replaced by `inn` in place. */
function replaceOne(R: Route, out: number, inn: number, buf: Int32Array): number {
  for (let x = 1; x <= R.len; x++) {
    const w = R.nodes[x]!;
    buf[x - 1] = w === out ? inn : w;
  }
  return R.len;
}

function build(sol: Solution, u: number, v: number): Rewrite {
  const A = sol.routes[sol.routeOf[u]!]!;
  const B = sol.routes[sol.routeOf[v]!]!;
  const [a, b] = scratch(A.len + B.len + 2);
  const na = move.kA === -1 ? replaceOne(A, u, v, a) : dropAndInsert(A, u, v, move.kA, a);
  const nb = move.kB === -1 ? replaceOne(B, v, u, b) : dropAndInsert(B, v, u, move.kB, b);
  return [a, na, b, nb];
}

/** R's sequence without `out`, with `inn` after position k of the original route. */
function dropAndInsert(R: Route, out: number, inn: number, k: number, buf: Int32Array): number {
  let n = 0;
  if (k === 0) buf[n++] = inn;
  for (let x = 1; x <= R.len; x++) {
    const w = R.nodes[x]!;
    if (w !== out) buf[n++] = w;
    if (x === k) buf[n++] = inn;
  }
  return n;
}

/** SWAP* operator. */
export const swapStar: Operator = {
  name: 'swap-star',
  tries: ['u,v'],
  // Exchanges single jobs between two routes.
  supports: (p: Problem) => p.nJobs > 1 && p.nVeh > 1,
  evaluate(sol: Solution, u: number, v: number): number {
    const p = sol.p;
    if (u < 0 || v < 0 || u === v || p.partner[u]! >= 0 || p.partner[v]! >= 0) return Infinity;
    const ru = sol.routeOf[u]!;
    const rv = sol.routeOf[v]!;
    if (ru < 0 || rv < 0 || ru === rv) return Infinity;
    const qu = p.requiresMask[u]!;
    const qv = p.requiresMask[v]!;
    if ((p.vehAttr[rv]! & qu) !== qu || (p.vehAttr[ru]! & qv) !== qv) return Infinity;
    choose(p, sol, u, v);
    if (move.delta === Infinity) return Infinity;
    const A = sol.routes[ru]!;
    const B = sol.routes[rv]!;
    if (fastPath(p, ru, rv) && p.timeTriangle && !hasPickups(p)) {
      return totalsFit(p, A, u, v) && totalsFit(p, B, v, u) ? move.delta : Infinity;
    }
    return rewriteDelta(p, sol, ru, rv, build(sol, u, v));
  },
  apply(sol: Solution, u: number, v: number): void {
    choose(sol.p, sol, u, v);
    commitRewrite(sol, sol.routeOf[u]!, sol.routeOf[v]!, build(sol, u, v));
  },
};
