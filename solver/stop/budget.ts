/**
 * Stopping criteria: an iteration budget, a time budget (through an injected clock, the only
 * place time enters the solver) and a no-improvement limit; the search stops at whichever comes
 * first. `fraction` drives the annealing schedule: with only an iteration budget the run is fully
 * deterministic for a seed.
 */

/** Budget options (subset of `SolveOptions`). */
export interface BudgetOptions {
  readonly maxIterations?: number;
  readonly maxSeconds?: number;
  readonly maxNoImprovement?: number;
  readonly clock?: () => number;
}

/** A running budget. */
export class Budget {
  private readonly t0: number;
  private readonly clock: () => number;
  private lastFraction = 0;

  /** Starts the clock. */
  constructor(readonly opts: BudgetOptions) {
    this.clock = opts.clock ?? Date.now;
    this.t0 = this.clock();
  }

  /** Elapsed seconds since the start. */
  elapsed(): number {
    return (this.clock() - this.t0) / 1000;
  }

  /** True when an iteration or time budget bounds the run (so `fraction` is meaningful). */
  hasHorizon(): boolean {
    return this.opts.maxIterations !== undefined || this.opts.maxSeconds !== undefined;
  }

  /** Share of the budget used, in [0, 1] (max over the iteration and time budgets). */
  fraction(iteration: number): number {
    let f = 0;
    const o = this.opts;
    if (o.maxIterations !== undefined && o.maxIterations > 0) f = Math.max(f, iteration / o.maxIterations);
    if (o.maxSeconds !== undefined && o.maxSeconds > 0) f = Math.max(f, this.elapsed() / o.maxSeconds);
    if (o.maxIterations === undefined && o.maxSeconds === undefined && o.maxNoImprovement !== undefined) {
      f = 0.5; // no horizon known: a constant mid temperature
    }
    this.lastFraction = Math.min(1, f);
    return this.lastFraction;
  }

  /** True when a budget is exhausted. */
  done(iteration: number, sinceImprovement: number): boolean {
    const o = this.opts;
    if (o.maxIterations !== undefined && iteration >= o.maxIterations) return true;
    if (o.maxNoImprovement !== undefined && sinceImprovement >= o.maxNoImprovement) return true;
    if (o.maxSeconds !== undefined && this.elapsed() >= o.maxSeconds) return true;
    return false;
  }
}
