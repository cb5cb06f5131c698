/**
 * Swap: exchange jobs u and v (in the same or different routes). Inter-route swaps on compatible
 * routes are priced in O(1) with the cached earliest/latest starts and load segments (Vidal et al.
 * 2013, concatenation of a prefix, one node and a suffix); the rest in O(n).
 */
import { TIME_EPS } from '../../model/units.ts';
import { earliestStart, type Problem } from '../../model/problem.ts';
import type { Route } from '../../solution/route.ts';
import type { Solution } from '../../solution/solution.ts';
import { commitRewrite, fastPath, rewriteDelta, scratch, type Operator, type Rewrite } from './operator.ts';

/** True when node w can replace the node at position i of route R (windows and load). */
export function replaceFeasible(p: Problem, R: Route, i: number, w: number): boolean {
  const N = p.nLoc;
  const lw = p.nodeLoc[w]!;
  const a = R.est[i - 1]! + (i > 1 ? p.nodeService[R.nodes[i - 1]!]! : 0) + p.time[R.loc[i - 1]! * N + lw]!;
  const s = earliestStart(p, w, a);
  if (s === Infinity) return false;
  const a2 = s + p.nodeService[w]! + p.time[lw * N + R.loc[i + 1]!]!;
  if (a2 > R.lst[i + 1]! - (i + 1 <= R.len ? TIME_EPS : 0)) return false;
  const dims = p.dims;
  const cap = R.veh * dims;
  for (let d = 0; d < dims; d++) {
    const o = (i - 1) * dims + d;
    const o2 = (i + 1) * dims + d;
    const k = w * dims + d;
    const p1 = R.preP[o]! + p.nodePick[k]!;
    const l1a = R.preL[o]! + p.nodeDel[k]!;
    const l1b = p.nodeLoad[k]! + R.preP[o]!;
    const l1 = l1a > l1b ? l1a : l1b;
    const la = l1 + R.sufD[o2]!;
    const lb = R.sufL[o2]! + p1;
    if ((la > lb ? la : lb) > p.vehCap[cap + d]!) return false;
  }
  return true;
}

function build(sol: Solution, u: number, v: number): Rewrite {
  const ru = sol.routeOf[u]!;
  const rv = sol.routeOf[v]!;
  const A = sol.routes[ru]!;
  const B = sol.routes[rv]!;
  const [a, b] = scratch(A.len + B.len + 2);
  let ka = 0;
  for (let i = 1; i <= A.len; i++) {
    const w = A.nodes[i]!;
    a[ka++] = w === u ? v : w === v ? u : w;
  }
  if (ru === rv) return [a, ka, b, 0];
  let kb = 0;
  for (let i = 1; i <= B.len; i++) {
    const w = B.nodes[i]!;
    b[kb++] = w === v ? u : w;
  }
  return [a, ka, b, kb];
}

/** Swap operator. */
export const swap: Operator = {
  name: 'swap',
  tries: ['u,v'],
  // Exchanges two single jobs (shipment ends are rejected).
  supports: (p: Problem) => p.nJobs > 1,
  evaluate(sol: Solution, u: number, v: number): number {
    const p = sol.p;
    if (u < 0 || v < 0 || u === v || p.partner[u]! >= 0 || p.partner[v]! >= 0) return Infinity;
    const ru = sol.routeOf[u]!;
    const rv = sol.routeOf[v]!;
    if (ru < 0 || rv < 0) return Infinity;
    const A = sol.routes[ru]!;
    const B = sol.routes[rv]!;
    if (ru !== rv) {
      const qu = p.requiresMask[u]!;
      const qv = p.requiresMask[v]!;
      if ((p.vehAttr[rv]! & qu) !== qu || (p.vehAttr[ru]! & qv) !== qv) return Infinity;
    }
    if (ru !== rv && fastPath(p, ru, rv)) {
      const i = sol.posOf[u]!;
      const j = sol.posOf[v]!;
      if (!replaceFeasible(p, A, i, v) || !replaceFeasible(p, B, j, u)) return Infinity;
      const N = p.nLoc;
      const D = p.dist;
      const lu = p.nodeLoc[u]!;
      const lv = p.nodeLoc[v]!;
      const a0 = A.loc[i - 1]!;
      const a1 = A.loc[i + 1]!;
      const b0 = B.loc[j - 1]!;
      const b1 = B.loc[j + 1]!;
      const dA = D[a0 * N + lv]! + D[lv * N + a1]! - D[a0 * N + lu]! - D[lu * N + a1]!;
      const dB = D[b0 * N + lu]! + D[lu * N + b1]! - D[b0 * N + lv]! - D[lv * N + b1]!;
      return p.vehCpd[ru]! * dA + p.vehCpd[rv]! * dB;
    }
    return rewriteDelta(p, sol, ru, rv, build(sol, u, v));
  },
  apply(sol: Solution, u: number, v: number): void {
    const ru = sol.routeOf[u]!;
    const rv = sol.routeOf[v]!;
    commitRewrite(sol, ru, rv, build(sol, u, v));
  },
};
