/**
 * Ruin step of SISR — Slack Induction by String Removals (Christiaens & Vanden Berghe 2020,
 * Transportation Science 54(2), §4.1): pick a seed customer, walk its nearest neighbours and, in
 * up to k_s distinct routes, remove a string of consecutive customers containing the neighbour
 * (or a "split string" that keeps a run of m customers in the middle). Removing one end of a
 * shipment removes both (the PDPTW variant of the paper).
 */
import type { Neighbours } from './neighbours.ts';
import type { Solution } from '../solution/solution.ts';
import type { Rng } from '../util/rng.ts';

/** SISR ruin parameters (paper defaults: c̄ = 10, L_max = 10, split rate 0.5). */
export interface RuinParams {
  /** Average number of removed customers c̄. */
  readonly avgRemoved: number;
  /** Maximum string length L_max. */
  readonly maxString: number;
  /** Probability of a split string instead of a plain one. */
  readonly splitRate: number;
  /** Probability of growing the preserved run by one more customer. */
  readonly splitGrow: number;
}

/** Default ruin parameters (split strings tuned on iteration budgets, see docs/solver.md). */
export const DEFAULT_RUIN: RuinParams = { avgRemoved: 10, maxString: 10, splitRate: 0.8, splitGrow: 0.9 };

let ruined = new Uint8Array(0);
let marks = new Uint8Array(0);
let toRemove = new Int32Array(0);
let ruinedList = new Int32Array(0);

/** Removes strings from the solution; the removed task heads are appended to its unassigned list. */
export function ruinStrings(sol: Solution, nb: Neighbours, rng: Rng, prm: RuinParams): void {
  const p = sol.p;
  const routes = sol.routes;
  if (ruined.length < routes.length) {
    ruined = new Uint8Array(routes.length);
    ruinedList = new Int32Array(routes.length);
  }
  if (marks.length < p.nNodes) {
    marks = new Uint8Array(p.nNodes);
    toRemove = new Int32Array(p.nNodes);
  }
  let assigned = 0;
  let nonEmpty = 0;
  for (const r of routes) {
    if (r.len > 0) {
      assigned += r.len;
      nonEmpty++;
    }
  }
  if (assigned === 0) return;
  const lsMax = Math.min(prm.maxString, assigned / nonEmpty);
  const ksMax = (4 * prm.avgRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.next() * ksMax) + 1;
  // Seed: a random assigned node.
  let seed = -1;
  for (let tries = 0; tries < 1000 && seed < 0; tries++) {
    const c = rng.int(p.nNodes);
    if (sol.routeOf[c]! >= 0) seed = c;
  }
  if (seed < 0) {
    for (let c = 0; c < p.nNodes; c++) if (sol.routeOf[c]! >= 0) seed = c;
  }
  let done = 0;
  for (let j = -1; j < nb.k && done < ks; j++) {
    const c = j < 0 ? seed : nb.list[seed * nb.k + j]!;
    const r = sol.routeOf[c]!;
    if (r < 0 || ruined[r]) continue;
    const route = routes[r]!;
    const n = route.len;
    const lMax = Math.min(n, lsMax);
    const l = Math.floor(rng.next() * lMax) + 1;
    const pc = sol.posOf[c]!;
    let m = 0;
    if (l < n && rng.next() < prm.splitRate) {
      m = 1;
      while (l + m < n && rng.next() < prm.splitGrow) m++;
    }
    const total = l + m;
    const lo = Math.max(1, pc - total + 1);
    const hi = Math.min(pc, n - total + 1);
    const start = lo + rng.int(hi - lo + 1);
    const keepFrom = m > 0 ? start + rng.int(l + 1) : -1;
    let cnt = 0;
    for (let i = start; i < start + total; i++) {
      if (m > 0 && i >= keepFrom && i < keepFrom + m) continue;
      const u = route.nodes[i]!;
      const h = p.partner[u]! >= 0 && p.nodeKind[u] === 3 ? p.partner[u]! : u;
      if (marks[h]) continue;
      marks[h] = 1;
      toRemove[cnt++] = h;
    }
    for (let i = 0; i < cnt; i++) marks[toRemove[i]!] = 0;
    sol.removeTasks(r, toRemove, cnt);
    ruined[r] = 1;
    ruinedList[done++] = r;
  }
  for (let k = 0; k < done; k++) ruined[ruinedList[k]!] = 0;
}
