/**
 * The SISR search loop (Christiaens & Vanden Berghe 2020, Algorithm 1): ruin with string
 * removals, recreate greedily with blinks, accept by simulated annealing
 * (accept s* when cost(s*) < cost(s) − T·ln U, T geometric from T0 to Tf over the budget).
 * A granular local search polishes every new best solution.
 */
import { ruinStrings } from '../search/ruin-sisr.ts';
import { recreate } from '../search/recreate.ts';
import { localSearch } from '../search/local-search.ts';
import type { Solution, Snapshot } from '../solution/solution.ts';
import type { Context } from './context.ts';
import type { Rng } from '../util/rng.ts';

let heads = new Int32Array(0);

/** Removes every task of a random non-empty route (the caller has opened an undo scope). */
function removeRandomRoute(sol: Solution, rng: Rng): void {
  const p = sol.p;
  let k = rng.int(sol.vehicles());
  for (let r = 0; r < sol.routes.length; r++) {
    const route = sol.routes[r]!;
    if (route.len === 0) continue;
    if (k-- > 0) continue;
    if (heads.length < route.len) heads = new Int32Array(p.nNodes);
    let n = 0;
    for (let i = 1; i <= route.len; i++) {
      const u = route.nodes[i]!;
      if (p.nodeKind[u] !== 3) heads[n++] = u;
    }
    sol.removeTasks(r, heads, n);
    return;
  }
}

/** Runs annealing on `sol` between global budget fractions `f0` and `f1`; `maxRoutes` caps the
 * number of routes the recreate step may use. Returns with `sol` set to the best solution found. */
export function anneal(ctx: Context, sol: Solution, f0: number, f1: number, maxRoutes: number): void {
  const { rng, budget } = ctx;
  const prm = ctx.params;
  let cur = sol.cost();
  let bestCost = cur;
  let bestSnap: Snapshot = sol.snapshot();
  let bestVeh = sol.vehicles();
  const scale = ctx.costScale;
  const t0 = prm.t0 * scale;
  const tf = prm.tf * scale;
  let since = 0;
  for (;;) {
    const g = budget.fraction(ctx.iteration);
    if (g >= f1 || budget.done(ctx.iteration, since)) break;
    // Without a horizon (only a no-improvement limit) the temperature stays at the geometric mean.
    const f = !budget.hasHorizon() ? 0.5 : f1 > f0 ? Math.min(1, Math.max(0, (g - f0) / (f1 - f0))) : 1;
    const temp = t0 * Math.pow(tf / t0, f);
    sol.begin();
    let cap = maxRoutes;
    if (prm.routeRemoval > 0 && rng.next() < prm.routeRemoval) {
      // Occasionally empty a whole route and forbid reopening it (explores smaller fleets, which
      // string removals rarely reach once routes are long).
      const used = sol.vehicles();
      if (used > 1) {
        removeRandomRoute(sol, rng);
        cap = Math.min(maxRoutes, used - 1);
      }
    }
    ruinStrings(sol, ctx.nb, rng, prm.ruin);
    recreate(sol, rng, prm.recreate, cap);
    let c = sol.cost();
    if (prm.ls === 'candidate' && c < cur + prm.lsWindow * temp) {
      localSearch(sol, ctx.nb, rng, prm.lsK);
      c = sol.cost();
    }
    ctx.iteration++;
    since++;
    if (c < cur - temp * Math.log(rng.next())) {
      cur = c;
      const veh = sol.vehicles();
      if (c < bestCost - 1e-9 && (!ctx.hierarchical || veh <= bestVeh)) {
        if (prm.ls === 'best') {
          localSearch(sol, ctx.nb, rng, prm.lsK);
          c = sol.cost();
          cur = c;
        }
        bestCost = c;
        bestVeh = veh;
        bestSnap = sol.snapshot();
        since = 0;
        ctx.reportBest(sol);
      }
    } else {
      sol.rollback();
    }
    if ((ctx.iteration & 1023) === 0) ctx.reportProgress(g, bestCost, bestVeh);
  }
  sol.restore(bestSnap);
}
