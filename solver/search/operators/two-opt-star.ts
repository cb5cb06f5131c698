/**
 * 2-opt* (Potvin & Rousseau 1995): exchange the tails of two routes after u and after v
 * (u, v nodes or start depots). Cuts inside a shipment (pickup before, delivery after) are not
 * allowed. On compatible routes it is priced in O(1): one arc joins a cached prefix to a cached
 * suffix, whose earliest/latest starts and load segments are known (Vidal et al. 2013).
 */
import { TIME_EPS } from '../../model/units.ts';
import type { Problem } from '../../model/problem.ts';
import { sequenceCost } from '../../solution/evaluate.ts';
import type { Route } from '../../solution/route.ts';
import type { Solution } from '../../solution/solution.ts';
import { commitRoute, fastPath, posOfRef, routeOfRef, scratch, type Operator } from './operator.ts';

/** Prefix of A up to i joined to the suffix of B from j+1: feasible for A's vehicle? Returns the
 * new distance of that route, or +Infinity. */
function joinDistance(p: Problem, A: Route, i: number, B: Route, j: number): number {
  const N = p.nLoc;
  const la = A.loc[i]!;
  const lb = B.loc[j + 1]!;
  const a = A.est[i]! + (i > 0 ? p.nodeService[A.nodes[i]!]! : 0) + p.time[la * N + lb]!;
  if (a > B.lst[j + 1]! - (j + 1 <= B.len ? TIME_EPS : 0)) return Infinity;
  const dims = p.dims;
  for (let d = 0; d < dims; d++) {
    const o = i * dims + d;
    const o2 = (j + 1) * dims + d;
    const x = A.preL[o]! + B.sufD[o2]!;
    const y = B.sufL[o2]! + A.preP[o]!;
    if ((x > y ? x : y) > p.vehCap[A.veh * dims + d]!) return Infinity;
  }
  return A.cum[i]! + p.dist[la * N + lb]! + (B.cum[B.len + 1]! - B.cum[j + 1]!);
}

function build(sol: Solution, u: number, v: number): [Int32Array, number, Int32Array, number] {
  const A = sol.routes[routeOfRef(sol, u)]!;
  const B = sol.routes[routeOfRef(sol, v)]!;
  const i = posOfRef(sol, u);
  const j = posOfRef(sol, v);
  const [a, b] = scratch(A.len + B.len + 2);
  let ka = 0;
  for (let k = 1; k <= i; k++) a[ka++] = A.nodes[k]!;
  for (let k = j + 1; k <= B.len; k++) a[ka++] = B.nodes[k]!;
  let kb = 0;
  for (let k = 1; k <= j; k++) b[kb++] = B.nodes[k]!;
  for (let k = i + 1; k <= A.len; k++) b[kb++] = A.nodes[k]!;
  return [a, ka, b, kb];
}

function attributesOk(p: Problem, R: Route, from: number, veh: number): boolean {
  const attr = p.vehAttr[veh]!;
  for (let k = from; k <= R.len; k++) {
    const q = p.requiresMask[R.nodes[k]!]!;
    if ((attr & q) !== q) return false;
  }
  return true;
}

/** 2-opt* operator. */
export const twoOptStar: Operator = {
  name: 'two-opt-star',
  // The two 2-opt* that make u→v or v→u an arc (tails after pred(v) / after pred(u) exchanged).
  tries: ['u,pred(v)', 'pred(u),v'],
  // Needs two routes; handles shipments (cuts inside a pickup-delivery pair are refused).
  supports: (p: Problem) => p.nVeh > 1,
  evaluate(sol: Solution, u: number, v: number): number {
    const p = sol.p;
    const ru = routeOfRef(sol, u);
    const rv = routeOfRef(sol, v);
    if (ru < 0 || rv < 0 || ru === rv) return Infinity;
    const A = sol.routes[ru]!;
    const B = sol.routes[rv]!;
    const i = posOfRef(sol, u);
    const j = posOfRef(sol, v);
    if ((i === 0 && j === 0) || (i === A.len && j === B.len)) return Infinity;
    if (A.open[i] !== 0 || B.open[j] !== 0) return Infinity;
    if (!attributesOk(p, B, j + 1, ru) || !attributesOk(p, A, i + 1, rv)) return Infinity;
    if (fastPath(p, ru, rv)) {
      const da = joinDistance(p, A, i, B, j);
      if (da === Infinity) return Infinity;
      const db = joinDistance(p, B, j, A, i);
      if (db === Infinity) return Infinity;
      const na = i + (B.len - j);
      const nb = j + (A.len - i);
      const ca = na === 0 ? 0 : p.vehFixed[ru]! + p.vehCpd[ru]! * da;
      const cb = nb === 0 ? 0 : p.vehFixed[rv]! + p.vehCpd[rv]! * db;
      return ca + cb - A.cost - B.cost;
    }
    const [sa, na, sb, nb] = build(sol, u, v);
    const ca = sequenceCost(p, ru, sa, na);
    if (ca === Infinity) return Infinity;
    const cb = sequenceCost(p, rv, sb, nb);
    if (cb === Infinity) return Infinity;
    return ca + cb - A.cost - B.cost;
  },
  apply(sol: Solution, u: number, v: number): void {
    const ru = routeOfRef(sol, u);
    const rv = routeOfRef(sol, v);
    const [sa, na, sb, nb] = build(sol, u, v);
    commitRoute(sol, ru, sa, na);
    commitRoute(sol, rv, sb, nb);
  },
};
