/**
 * The SISR search loop (Christiaens & Vanden Berghe 2020, Algorithm 1): ruin with string
 * removals, recreate greedily with blinks, accept by simulated annealing
 * (accept s* when cost(s*) < cost(s) − T·ln U, T geometric from T0 to Tf over the budget).
 * A granular local search polishes every new best solution.
 */
import { ruinStrings } from '../search/ruin-sisr.ts';
import { recreate } from '../search/recreate.ts';
import { localSearch } from '../search/local-search.ts';
import { OPERATORS, operatorsFor } from '../search/operators/index.ts';
import type { Solution, Snapshot } from '../solution/solution.ts';
import type { Context } from './context.ts';
import { mandatoryOut } from './fleet-min.ts';
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

/**
 * Cost the acceptance test sees: the routing cost, the penalty of each optional task left out, and
 * `lambda` for each mandatory one (instead of its prohibitive `MANDATORY_PENALTY`).
 */
function softCost(sol: Solution, lambda: number): number {
  const p = sol.p;
  let c = sol.routingCost();
  for (let i = 0; i < sol.nUnassigned; i++) {
    const h = sol.unassigned[i]!;
    c += p.optional[h] ? p.penalty[h]! : lambda;
  }
  return c;
}

/**
 * Adaptive penalty on mandatory tasks left out, for a search with a route cap (the distance phase
 * after fleet minimisation, where the routes are full and a ruin often cannot be recreated
 * completely). The acceptance test may then keep a solution with a few tasks out, priced at
 * `lambda` each; recreate retries them every iteration, and only complete solutions become the
 * best. Every `PENALTY_PERIOD` iterations `lambda` grows when the current solution was complete
 * in fewer than `target` of them and shrinks otherwise (as PyVRP adapts its penalties to a target
 * feasible share).
 */
class OutPenalty {
  lambda: number;
  private complete = 0;
  private seen = 0;
  constructor(
    private readonly scale: number,
    private readonly target: number,
  ) {
    this.lambda = 2 * scale;
  }
  /** Records whether the current solution is complete; returns true when `lambda` changed. */
  record(complete: boolean): boolean {
    this.seen++;
    if (complete) this.complete++;
    if (this.seen < PENALTY_PERIOD) return false;
    const share = this.complete / this.seen;
    this.seen = this.complete = 0;
    const next = share < this.target ? this.lambda * 1.25 : this.lambda / 1.25;
    this.lambda = Math.min(1e3 * this.scale, Math.max(0.2 * this.scale, next));
    return true;
  }
}

const PENALTY_PERIOD = 100;
/** Iterations with the current solution incomplete after which the search returns to the best. */
const STUCK = 10 * PENALTY_PERIOD;

/** Runs annealing on `sol` between global budget fractions `f0` and `f1`; `maxRoutes` caps the
 * number of routes the recreate step may use. Returns with `sol` set to the best solution found. */
export function anneal(ctx: Context, sol: Solution, f0: number, f1: number, maxRoutes: number): void {
  const { rng, budget } = ctx;
  const prm = ctx.params;
  // Soft penalty on left-out mandatory tasks only under a route cap, starting from a complete solution.
  const soft = prm.outTarget > 0 && maxRoutes < Infinity && mandatoryOut(sol) === 0 ? new OutPenalty(ctx.costScale, prm.outTarget) : null;
  let cur = soft ? softCost(sol, soft.lambda) : sol.cost();
  const ops = operatorsFor(sol.p, OPERATORS, prm.lsOptIn);
  let bestCost = sol.cost();
  let bestSnap: Snapshot = sol.snapshot();
  let bestVeh = sol.vehicles();
  const scale = ctx.costScale;
  const t0 = prm.t0 * scale;
  const tf = prm.tf * scale;
  let since = 0;
  let incomplete = 0;
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
    let c = soft ? softCost(sol, soft.lambda) : sol.cost();
    if (prm.ls === 'candidate' && c < cur + prm.lsWindow * temp) {
      localSearch(sol, ctx.nb, rng, prm.lsK, 50, ops);
      c = soft ? softCost(sol, soft.lambda) : sol.cost();
    }
    ctx.iteration++;
    since++;
    if (c < cur - temp * Math.log(rng.next())) {
      cur = c;
      const veh = sol.vehicles();
      if ((soft === null || mandatoryOut(sol) === 0) && sol.cost() < bestCost - 1e-9 && (!ctx.hierarchical || veh <= bestVeh)) {
        if (prm.ls === 'best') {
          localSearch(sol, ctx.nb, rng, prm.lsK, 50, ops);
        }
        c = sol.cost();
        cur = c;
        bestCost = c;
        bestVeh = veh;
        bestSnap = sol.snapshot();
        since = 0;
        ctx.reportBest(sol);
      }
    } else {
      sol.rollback();
    }
    if (soft !== null) {
      const complete = mandatoryOut(sol) === 0;
      incomplete = complete ? 0 : incomplete + 1;
      if (incomplete > STUCK) {
        // Tasks out for too long (the penalty has grown but they still do not fit): restart from the best.
        sol.restore(bestSnap);
        incomplete = 0;
        cur = softCost(sol, soft.lambda);
      } else if (soft.record(complete)) {
        cur = softCost(sol, soft.lambda);
      }
    }
    if ((ctx.iteration & 1023) === 0) ctx.reportProgress(g, bestCost, bestVeh);
  }
  sol.restore(bestSnap);
}
