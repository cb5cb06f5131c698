/**
 * Initial solution: every servable task inserted at its cheapest feasible position (SISR's
 * recreate on an empty solution, no blinks), opening vehicles as needed.
 */
import type { Context } from '../algorithm/context.ts';
import { recreate } from '../search/recreate.ts';
import type { Solution } from '../solution/solution.ts';

/** Fills `sol` (which starts with every task unassigned). */
export function construct(ctx: Context, sol: Solution): void {
  sol.begin();
  recreate(sol, ctx.rng, { blink: 0 }, Infinity);
  sol.begin();
}
