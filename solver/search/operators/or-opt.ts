/**
 * Or-opt (Or 1976): move a chain of `len` consecutive jobs starting at u to just after v (a node or
 * a start depot), keeping its orientation. Between compatible routes it is priced in O(len): the
 * donor route joins a cached prefix to a cached suffix, the receiving route concatenates its
 * cached prefix, the chain (simulated) and its cached suffix (earliest/latest starts, load segments;
 * Vidal et al. 2013). Other cases are evaluated exactly on the new sequences in O(n).
 */
import { TIME_EPS } from '../../model/units.ts';
import { earliestStart, type Problem } from '../../model/problem.ts';
import type { Route } from '../../solution/route.ts';
import type { Solution } from '../../solution/solution.ts';
import { commitRewrite, fastPath, rewriteDelta, posOfRef, routeOfRef, scratch, type Operator, type Rewrite } from './operator.ts';

let seg = new Float64Array(3);

/** True when the chain A[i..i+len-1] fits after position j of B (windows and loads). */
function chainFits(p: Problem, A: Route, i: number, len: number, B: Route, j: number): boolean {
  const N = p.nLoc;
  const dims = p.dims;
  let t = B.est[j]! + (j > 0 ? p.nodeService[B.nodes[j]!]! : 0);
  let last = B.loc[j]!;
  if (seg.length < 3 * dims) seg = new Float64Array(3 * dims);
  for (let d = 0; d < dims; d++) {
    const o = j * dims + d;
    seg[d] = B.preD[o]!;
    seg[dims + d] = B.preP[o]!;
    seg[2 * dims + d] = B.preL[o]!;
  }
  for (let k = 0; k < len; k++) {
    const w = A.nodes[i + k]!;
    const lw = p.nodeLoc[w]!;
    const s = earliestStart(p, w, t + p.time[last * N + lw]!);
    if (s === Infinity) return false;
    t = s + p.nodeService[w]!;
    last = lw;
    for (let d = 0; d < dims; d++) {
      const q = w * dims + d;
      const l1 = seg[2 * dims + d]! + p.nodeDel[q]!;
      const l2 = p.nodeLoad[q]! + seg[dims + d]!;
      seg[d] = seg[d]! + p.nodeDel[q]!;
      seg[dims + d] = seg[dims + d]! + p.nodePick[q]!;
      seg[2 * dims + d] = l1 > l2 ? l1 : l2;
    }
  }
  if (t + p.time[last * N + B.loc[j + 1]!]! > B.lst[j + 1]! - (j + 1 <= B.len ? TIME_EPS : 0)) return false;
  for (let d = 0; d < dims; d++) {
    const o2 = (j + 1) * dims + d;
    const x = seg[2 * dims + d]! + B.sufD[o2]!;
    const y = B.sufL[o2]! + seg[dims + d]!;
    if ((x > y ? x : y) > p.vehCap[B.veh * dims + d]!) return false;
  }
  return true;
}

function build(sol: Solution, u: number, v: number, len: number): Rewrite {
  const ru = sol.routeOf[u]!;
  const rv = routeOfRef(sol, v);
  const A = sol.routes[ru]!;
  const B = sol.routes[rv]!;
  const i = sol.posOf[u]!;
  const pv = posOfRef(sol, v);
  const [a, b] = scratch(A.len + B.len + 2);
  if (ru === rv) {
    let k = 0;
    const pushChain = (): void => {
      for (let c = 0; c < len; c++) a[k++] = A.nodes[i + c]!;
    };
    if (pv === 0) pushChain();
    for (let x = 1; x <= A.len; x++) {
      if (x < i || x >= i + len) a[k++] = A.nodes[x]!;
      if (x === pv) pushChain();
    }
    return [a, k, b, 0];
  }
  let ka = 0;
  for (let x = 1; x <= A.len; x++) if (x < i || x >= i + len) a[ka++] = A.nodes[x]!;
  let kb = 0;
  if (pv === 0) for (let c = 0; c < len; c++) b[kb++] = A.nodes[i + c]!;
  for (let x = 1; x <= B.len; x++) {
    b[kb++] = B.nodes[x]!;
    if (x === pv) for (let c = 0; c < len; c++) b[kb++] = A.nodes[i + c]!;
  }
  return [a, ka, b, kb];
}

/** An or-opt operator moving chains of `len` jobs (2 or 3; 1 is `relocate`). */
export function orOpt(len: number): Operator {
  return {
    name: `or-opt-${len}`,
    tries: ['u,v'],
    // A chain of `len` single jobs and a target node outside it.
    supports: (p: Problem) => p.nJobs >= len && p.nNodes > len,
    evaluate(sol: Solution, u: number, v: number): number {
      const p = sol.p;
      if (u < 0) return Infinity;
      const ru = sol.routeOf[u]!;
      const rv = routeOfRef(sol, v);
      if (ru < 0 || rv < 0) return Infinity;
      const A = sol.routes[ru]!;
      const B = sol.routes[rv]!;
      const i = sol.posOf[u]!;
      if (i + len - 1 > A.len) return Infinity;
      const pv = posOfRef(sol, v);
      if (ru === rv && pv >= i - 1 && pv <= i + len - 1) return Infinity;
      const attr = p.vehAttr[rv]!;
      for (let c = 0; c < len; c++) {
        const w = A.nodes[i + c]!;
        if (p.partner[w]! >= 0) return Infinity;
        const q = p.requiresMask[w]!;
        if ((attr & q) !== q) return Infinity;
      }
      if (ru !== rv && B.len > 0 && fastPath(p, ru, rv)) {
        const N = p.nLoc;
        const D = p.dist;
        const prev = i - 1;
        const next = i + len;
        const a = A.est[prev]! + (prev > 0 ? p.nodeService[A.nodes[prev]!]! : 0) + p.time[A.loc[prev]! * N + A.loc[next]!]!;
        if (a > A.lst[next]! - (next <= A.len ? TIME_EPS : 0)) return Infinity;
        if (!chainFits(p, A, i, len, B, pv)) return Infinity;
        const first = A.loc[i]!;
        const lastLoc = A.loc[i + len - 1]!;
        const inner = A.cum[i + len - 1]! - A.cum[i]!;
        const dA =
          A.len === len
            ? -A.cost
            : p.vehCpd[ru]! * (D[A.loc[prev]! * N + A.loc[next]!]! - D[A.loc[prev]! * N + first]! - inner - D[lastLoc * N + A.loc[next]!]!);
        const dB =
          p.vehCpd[rv]! *
          (D[B.loc[pv]! * N + first]! + inner + D[lastLoc * N + B.loc[pv + 1]!]! - D[B.loc[pv]! * N + B.loc[pv + 1]!]!);
        return dA + dB;
      }
      return rewriteDelta(p, sol, ru, rv, build(sol, u, v, len));
    },
    apply(sol: Solution, u: number, v: number): void {
      const ru = sol.routeOf[u]!;
      const rv = routeOfRef(sol, v);
      commitRewrite(sol, ru, rv, build(sol, u, v, len));
    },
  };
}

/** Or-opt with chains of two and three jobs. */
export const orOpt2 = orOpt(2);
export const orOpt3 = orOpt(3);
