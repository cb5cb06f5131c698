/**
 * Granular local search (Toth & Vigo 2003; Vidal et al. 2013 §4): for every assigned node u and
 * each of its k nearest neighbours v, try the operators on pairs that make u and v adjacent, and
 * apply the first improving move, until no move improves. All moves keep every route feasible.
 * Pairs tried for (u, v): relocate u after v and before v, or-opt of the chain starting at u
 * after v, swap u and v, and the two 2-opt* that make u→v or v→u an arc.
 */
import type { Operator } from './operators/operator.ts';
import type { Neighbours } from './neighbours.ts';
import type { Solution } from '../solution/solution.ts';
import type { Rng } from '../util/rng.ts';
import { relocate } from './operators/relocate.ts';
import { swap } from './operators/swap.ts';
import { twoOptStar } from './operators/two-opt-star.ts';
import { orOpt2, orOpt3 } from './operators/or-opt.ts';

/** The operators, in the order they are tried. */
export const OPERATORS: readonly Operator[] = [relocate, orOpt2, orOpt3, swap, twoOptStar];

let order = new Int32Array(0);
const CHAINS: readonly Operator[] = [orOpt2, orOpt3];

/** Predecessor of node v as a move reference (a start-depot marker when v is first). */
export function predRef(sol: Solution, v: number): number {
  const r = sol.routeOf[v]!;
  const pos = sol.posOf[v]!;
  return pos <= 1 ? -r - 1 : sol.routes[r]!.nodes[pos - 1]!;
}

/** Runs the local search to a local optimum; returns the total improvement (≤ 0). */
export function localSearch(sol: Solution, nb: Neighbours, rng: Rng, k: number, maxPasses = 50): number {
  const p = sol.p;
  const n = p.nNodes;
  if (order.length < n) order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const kk = Math.min(k, nb.k);
  let total = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let oi = 0; oi < n; oi++) {
      const u = order[oi]!;
      if (sol.routeOf[u]! < 0) continue;
      for (let j = 0; j < kk; j++) {
        const v = nb.list[u * nb.k + j]!;
        if (sol.routeOf[v]! < 0) continue;
        let d = relocate.evaluate(sol, u, v);
        if (d < -1e-9) {
          relocate.apply(sol, u, v);
          total += d;
          improved = true;
          continue;
        }
        const pv = predRef(sol, v);
        if (pv !== u) {
          d = relocate.evaluate(sol, u, pv);
          if (d < -1e-9) {
            relocate.apply(sol, u, pv);
            total += d;
            improved = true;
            continue;
          }
        }
        let moved = false;
        for (const op of CHAINS) {
          d = op.evaluate(sol, u, v);
          if (d < -1e-9) {
            op.apply(sol, u, v);
            total += d;
            improved = true;
            moved = true;
            break;
          }
        }
        if (moved) continue;
        d = swap.evaluate(sol, u, v);
        if (d < -1e-9) {
          swap.apply(sol, u, v);
          total += d;
          improved = true;
          continue;
        }
        if (sol.routeOf[u] !== sol.routeOf[v]) {
          d = twoOptStar.evaluate(sol, u, pv);
          if (d < -1e-9) {
            twoOptStar.apply(sol, u, pv);
            total += d;
            improved = true;
            continue;
          }
          const pu = predRef(sol, u);
          d = twoOptStar.evaluate(sol, pu, v);
          if (d < -1e-9) {
            twoOptStar.apply(sol, pu, v);
            total += d;
            improved = true;
            continue;
          }
        }
      }
    }
    if (!improved) break;
  }
  return total;
}
