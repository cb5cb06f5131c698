/**
 * `solve()`: validate → build the internal problem → exclude unservable tasks → construct →
 * (hierarchical: minimise the fleet) → SISR annealing → output. Wired in one place as in PyVRP's
 * `solve`.
 */
import type { ProblemInput, SolutionOutput, SolveOptions } from '../model/input.ts';
import { buildProblem } from '../model/problem.ts';
import { SolverInputError } from '../errors.ts';
import { checkServability } from '../construct/servability.ts';
import { construct } from '../construct/initial.ts';
import { buildNeighbours } from '../search/neighbours.ts';
import { Solution } from '../solution/solution.ts';
import { toOutput } from '../solution/output.ts';
import { Budget } from '../stop/budget.ts';
import { Rng } from '../util/rng.ts';
import { anneal } from './anneal.ts';
import { DEFAULT_PARAMS, type Context, type SearchParams } from './context.ts';
import { minimiseFleet } from './fleet-min.ts';

/** Extra, non-contract options (parameter overrides for tuning and tests). */
export interface SolveTuning {
  readonly params?: Partial<SearchParams>;
}

/** Solves `input` within the budget of `options` (see `SolveOptions`). Throws `SolverInputError`
 * on malformed input; unservable tasks are returned in `unassigned` with a reason. */
export function solve(input: ProblemInput, options: SolveOptions, tuning: SolveTuning = {}): SolutionOutput {
  if (
    options.maxIterations === undefined &&
    options.maxSeconds === undefined &&
    options.maxNoImprovement === undefined
  ) {
    throw new SolverInputError('options', 'set at least one of maxIterations, maxSeconds, maxNoImprovement');
  }
  for (const k of ['maxIterations', 'maxSeconds', 'maxNoImprovement'] as const) {
    const v = options[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new SolverInputError(`options.${k}`, 'must be a number >= 0');
  }
  const p = buildProblem(input);
  const params: SearchParams = { ...DEFAULT_PARAMS, ...tuning.params };
  const serv = checkServability(p);
  const sol = new Solution(p, serv.excluded);
  const budget = new Budget(options);
  const rng = new Rng(options.seed ?? 1);
  const ctx: Context = {
    p,
    rng,
    budget,
    nb: buildNeighbours(p, 40),
    params,
    hierarchical: p.objective === 'hierarchical',
    costScale: 1,
    iteration: 0,
    reportBest: (s) => {
      if (options.onBest) options.onBest(toOutput(s, serv.reason, ctx.iteration));
    },
    reportProgress: (fraction, bestCost, bestVehicles) => {
      if (options.onProgress) options.onProgress({ iteration: ctx.iteration, fraction, bestCost, bestVehicles });
    },
  };
  construct(ctx, sol);
  ctx.reportBest(sol);
  const tasks = Math.max(1, sol.assignedNodes());
  ctx.costScale = sol.routingCost() > 0 ? sol.routingCost() / tasks : 1;
  if (ctx.hierarchical) {
    minimiseFleet(ctx, sol, params.fleetShare);
    // Cap the routes at the minimised fleet, unless mandatory tasks are still out (then more
    // vehicles may be needed and the unassigned penalty dominates).
    const out = sol.unassigned.subarray(0, sol.nUnassigned).some((h) => !p.optional[h]);
    anneal(ctx, sol, budget.fraction(ctx.iteration), 1, out ? Infinity : sol.vehicles());
  } else {
    anneal(ctx, sol, 0, 1, Infinity);
  }
  const out = toOutput(sol, serv.reason, ctx.iteration);
  ctx.reportProgress(1, out.cost, out.vehicles);
  return out;
}
