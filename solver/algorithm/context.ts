/**
 * Shared state of one solve: problem, RNG, budget, neighbour lists, parameters and callbacks.
 */
import type { Problem } from '../model/problem.ts';
import type { Neighbours } from '../search/neighbours.ts';
import type { RecreateParams } from '../search/recreate.ts';
import type { RuinParams } from '../search/ruin-sisr.ts';
import type { Solution } from '../solution/solution.ts';
import type { Budget } from '../stop/budget.ts';
import type { Rng } from '../util/rng.ts';

/** Tunable parameters of the search. */
export interface SearchParams {
  readonly ruin: RuinParams;
  readonly recreate: RecreateParams;
  /** Start and final temperatures, relative to `Context.costScale` (mean cost per task). */
  readonly t0: number;
  readonly tf: number;
  /** Share of the budget given to fleet minimisation in hierarchical mode. */
  readonly fleetShare: number;
  /** Fleet minimisation also stops when no route was removed during this share of the budget. */
  readonly fleetPatience: number;
  /** Local search: `none`; `best` = polish each new best; `candidate` = every candidate whose
   * cost is within `lsWindow`·temperature of the current one. */
  readonly ls: 'none' | 'best' | 'candidate';
  readonly lsWindow: number;
  /** Probability per annealing iteration of also emptying a whole route (with no reopening). */
  readonly routeRemoval: number;
  /** Granular neighbourhood size of the local search. */
  readonly lsK: number;
  /** Opt-in local-search operators to run as well (by name; `operators/index.ts` `OPT_IN`). */
  readonly lsOptIn: readonly string[];
  /** Under a route cap (hierarchical distance phase): target share of complete candidates for the
   * adaptive penalty on left-out mandatory tasks; 0 keeps every accepted solution complete. */
  readonly outTarget: number;
}

/** Default parameters (tuned on iteration budgets; see docs/solver.md). */
export const DEFAULT_PARAMS: SearchParams = {
  ruin: { avgRemoved: 10, maxString: 10, splitRate: 0.8, splitGrow: 0.9 },
  recreate: { blink: 0.01 },
  t0: 0.5,
  tf: 0.005,
  fleetShare: 0.6,
  fleetPatience: 0.25,
  ls: 'best',
  lsWindow: 1,
  lsK: 20,
  lsOptIn: [],
  routeRemoval: 0,
  outTarget: 0,
};

/** Mutable context of a solve. */
export interface Context {
  readonly p: Problem;
  readonly rng: Rng;
  readonly budget: Budget;
  readonly nb: Neighbours;
  readonly params: SearchParams;
  readonly hierarchical: boolean;
  /** Mean routing cost per task of the initial solution: the temperature unit. */
  costScale: number;
  iteration: number;
  reportBest(sol: Solution): void;
  reportProgress(fraction: number, bestCost: number, bestVehicles: number): void;
}
