/**
 * Recreate step of SISR (Christiaens & Vanden Berghe 2020, §4.2): reinsert the unassigned tasks one
 * by one at their cheapest feasible position, in an order sorted randomly, by demand, far-first
 * or close-first (weights 4/4/2/1), skipping each position with a small "blink" probability.
 * A task stays unassigned when no position is feasible or when its cheapest insertion costs more
 * than its penalty (optional stops).
 */
import { applyInsertion, bestInsertion, ins } from './insertion.ts';
import type { Solution } from '../solution/solution.ts';
import type { Rng } from '../util/rng.ts';

/** Recreate parameters. */
export interface RecreateParams {
  /** Blink rate β (paper: 0.01). */
  readonly blink: number;
}

/** Default recreate parameters. */
export const DEFAULT_RECREATE: RecreateParams = { blink: 0.01 };

let work = new Int32Array(0);
let keys = new Float64Array(0);
let typeSeen = new Uint8Array(0);

/** Sort keys of the recreate order; `absence` (fleet minimisation) puts long-absent tasks first. */
function order(sol: Solution, n: number, rng: Rng, absence: Float64Array | null): void {
  const p = sol.p;
  const x = rng.next() * 11;
  const depot = p.nVeh > 0 ? p.vehStartLoc[0]! : 0;
  for (let i = 0; i < n; i++) {
    const u = work[i]!;
    if (absence !== null && rng.next() < 0.5) keys[i] = -absence[u]! - rng.next();
    else if (x < 4) keys[i] = rng.next();
    else if (x < 8) keys[i] = -p.nodeSize[u]! - 1e-6 * rng.next();
    else if (x < 10) keys[i] = -p.dist[depot * p.nLoc + p.nodeLoc[u]!]!;
    else keys[i] = p.dist[depot * p.nLoc + p.nodeLoc[u]!]!;
  }
  // Insertion sort (lists are short except at construction).
  for (let i = 1; i < n; i++) {
    const u = work[i]!;
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      work[j + 1] = work[j]!;
      keys[j + 1] = keys[j]!;
      j--;
    }
    work[j + 1] = u;
    keys[j + 1] = k;
  }
}

/**
 * Inserts every unassigned task it can. `maxRoutes`: empty vehicles may be opened while fewer
 * routes than this are in use (Infinity: no limit; fleet minimisation sets its target).
 * `absence` optionally biases the order towards tasks that were unassigned for long.
 */
export function recreate(sol: Solution, rng: Rng, prm: RecreateParams, maxRoutes: number, absence: Float64Array | null = null): void {
  const p = sol.p;
  const n = sol.nUnassigned;
  if (n === 0) return;
  if (work.length < n) {
    work = new Int32Array(p.heads.length + 1);
    keys = new Float64Array(p.heads.length + 1);
  }
  const nTypes = p.input.vehicleTypes.length;
  if (typeSeen.length < nTypes) typeSeen = new Uint8Array(nTypes);
  work.set(sol.unassigned.subarray(0, n));
  order(sol, n, rng, absence);
  sol.nUnassigned = 0;
  const routes = sol.routes;
  let used = 0;
  for (const r of routes) if (r.len > 0) used++;
  for (let i = 0; i < n; i++) {
    const allowNew = used < maxRoutes;
    const u = work[i]!;
    let best = p.penalty[u]!;
    let bestR = -1;
    let bestPos = -1;
    let bestPos2 = -1;
    typeSeen.fill(0, 0, nTypes);
    for (let r = 0; r < routes.length; r++) {
      const route = routes[r]!;
      let fixed = 0;
      if (route.len === 0) {
        if (!allowNew) continue;
        const t = p.vehType[r]!;
        if (typeSeen[t]) continue;
        typeSeen[t] = 1;
        fixed = p.vehFixed[r]!;
        if (fixed >= best) continue;
      }
      bestInsertion(p, route, u, prm.blink, rng, best - fixed);
      if (ins.pos >= 0 && ins.delta + fixed < best) {
        best = ins.delta + fixed;
        bestR = r;
        bestPos = ins.pos;
        bestPos2 = ins.pos2;
      }
    }
    if (bestR < 0) {
      sol.addUnassigned(u);
      continue;
    }
    sol.touch(bestR);
    if (routes[bestR]!.len === 0) used++;
    applyInsertion(routes[bestR]!, u, p.partner[u]!, bestPos, bestPos2);
    sol.update(bestR);
  }
}
