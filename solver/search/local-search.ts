/**
 * Granular local search (Toth & Vigo 2003; Vidal et al. 2013 §4): for every assigned node u and
 * each of its k nearest neighbours v, try the operators of `operators/index.ts` that support the
 * problem, each on the argument forms it declares (`Operator.tries`: (u, v), (u, pred v),
 * (pred u, v)), and apply the first improving move, until no move improves. All moves keep every
 * route feasible. The driver knows no operator by name.
 */
import type { Operator } from './operators/operator.ts';
import { operatorsFor } from './operators/index.ts';
import type { Neighbours } from './neighbours.ts';
import type { Solution } from '../solution/solution.ts';
import type { Rng } from '../util/rng.ts';

let order = new Int32Array(0);

/** Predecessor of node v as a move reference (a start-depot marker when v is first). */
export function predRef(sol: Solution, v: number): number {
  const r = sol.routeOf[v]!;
  const pos = sol.posOf[v]!;
  return pos <= 1 ? -r - 1 : sol.routes[r]!.nodes[pos - 1]!;
}

/** Shuffles the visiting order of the nodes (Fisher–Yates with the solve's RNG). */
function shuffledOrder(n: number, rng: Rng): Int32Array {
  if (order.length < n) order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** Tries the operators on the pair (u, v); applies the first improving move and returns its
 * delta, or 0 when none improves. */
function improvePair(sol: Solution, ops: readonly Operator[], u: number, v: number): number {
  for (const op of ops) {
    for (const form of op.tries) {
      const a = form === 'pred(u),v' ? predRef(sol, u) : u;
      const b = form === 'u,pred(v)' ? predRef(sol, v) : v;
      const d = op.evaluate(sol, a, b);
      if (d < -1e-9) {
        op.apply(sol, a, b);
        return d;
      }
    }
  }
  return 0;
}

/** Runs the local search to a local optimum; returns the total improvement (≤ 0). `ops` defaults
 * to every listed operator that supports the problem. */
export function localSearch(
  sol: Solution,
  nb: Neighbours,
  rng: Rng,
  k: number,
  maxPasses = 50,
  ops: readonly Operator[] = operatorsFor(sol.p),
): number {
  const n = sol.p.nNodes;
  const ord = shuffledOrder(n, rng);
  const kk = Math.min(k, nb.k);
  let total = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let oi = 0; oi < n; oi++) {
      const u = ord[oi]!;
      if (sol.routeOf[u]! < 0) continue;
      for (let j = 0; j < kk; j++) {
        const v = nb.list[u * nb.k + j]!;
        if (sol.routeOf[v]! < 0) continue;
        const d = improvePair(sol, ops, u, v);
        if (d < 0) {
          total += d;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return total;
}
