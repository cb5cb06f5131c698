/**
 * Relocate: move job u to just after v (a node or a start depot). Inter-route moves on routes with
 * the same end depot and shift end are priced in O(1) from the cached earliest/latest starts and
 * load segments (Savelsbergh 1992; Vidal et al. 2013); other cases (same route, duration priced or
 * limited, different depots) are evaluated exactly on the new sequences in O(n).
 */
import { TIME_EPS } from '../../model/units.ts';
import type { Problem } from '../../model/problem.ts';
import type { Solution } from '../../solution/solution.ts';
import { jobInsertionFeasible } from '../insertion.ts';
import { commitRewrite, fastPath, rewriteDelta, posOfRef, routeOfRef, scratch, type Operator, type Rewrite } from './operator.ts';

/** Builds the two sequences after the move into scratch buffers; returns their lengths. */
function build(sol: Solution, u: number, v: number): Rewrite {
  const ru = sol.routeOf[u]!;
  const rv = routeOfRef(sol, v);
  const A = sol.routes[ru]!;
  const B = sol.routes[rv]!;
  const [a, b] = scratch(A.len + B.len + 2);
  const pv = posOfRef(sol, v);
  if (ru === rv) {
    let k = 0;
    if (pv === 0) a[k++] = u;
    for (let i = 1; i <= A.len; i++) {
      const w = A.nodes[i]!;
      if (w !== u) a[k++] = w;
      if (i === pv) a[k++] = u;
    }
    return [a, k, b, 0];
  }
  let ka = 0;
  for (let i = 1; i <= A.len; i++) if (A.nodes[i] !== u) a[ka++] = A.nodes[i]!;
  let kb = 0;
  if (pv === 0) b[kb++] = u;
  for (let i = 1; i <= B.len; i++) {
    b[kb++] = B.nodes[i]!;
    if (i === pv) b[kb++] = u;
  }
  return [a, ka, b, kb];
}

/** Relocate operator. */
export const relocate: Operator = {
  name: 'relocate',
  tries: ['u,v', 'u,pred(v)'],
  // Moves single jobs only (shipment ends have a partner and are rejected).
  supports: (p: Problem) => p.nJobs > 0,
  evaluate(sol: Solution, u: number, v: number): number {
    const p = sol.p;
    if (u < 0 || p.partner[u]! >= 0 || u === v) return Infinity;
    const ru = sol.routeOf[u]!;
    const rv = routeOfRef(sol, v);
    if (ru < 0 || rv < 0) return Infinity;
    const pu = sol.posOf[u]!;
    const pv = posOfRef(sol, v);
    if (ru === rv && pv === pu - 1) return Infinity;
    const req = p.requiresMask[u]!;
    if ((p.vehAttr[rv]! & req) !== req) return Infinity;
    const A = sol.routes[ru]!;
    const B = sol.routes[rv]!;
    if (ru !== rv && B.len > 0 && fastPath(p, ru, rv)) {
      const N = p.nLoc;
      // Removal from A.
      const prev = pu - 1;
      const next = pu + 1;
      const a = A.est[prev]! + (prev > 0 ? p.nodeService[A.nodes[prev]!]! : 0) + p.time[A.loc[prev]! * N + A.loc[next]!]!;
      if (a > A.lst[next]! - (next <= A.len ? TIME_EPS : 0)) return Infinity;
      const dA =
        A.len === 1
          ? -A.cost
          : p.vehCpd[ru]! * (p.dist[A.loc[prev]! * N + A.loc[next]!]! - p.dist[A.loc[prev]! * N + A.loc[pu]!]! - p.dist[A.loc[pu]! * N + A.loc[next]!]!);
      if (!jobInsertionFeasible(p, B, u, pv)) return Infinity;
      const lu = p.nodeLoc[u]!;
      const dB = p.vehCpd[rv]! * (p.dist[B.loc[pv]! * N + lu]! + p.dist[lu * N + B.loc[pv + 1]!]! - p.dist[B.loc[pv]! * N + B.loc[pv + 1]!]!);
      return dA + dB;
    }
    return rewriteDelta(p, sol, ru, rv, build(sol, u, v));
  },
  apply(sol: Solution, u: number, v: number): void {
    const ru = sol.routeOf[u]!;
    const rv = routeOfRef(sol, v);
    commitRewrite(sol, ru, rv, build(sol, u, v));
  },
};
