/**
 * The local-search operators, in the order the granular local search tries them for each
 * neighbour pair. Adding an operator: write one file in this folder that exports an `Operator`
 * (operator.ts: `name`, `tries`, `supports`, `evaluate`, `apply`), and add it to this list.
 * The local search runs every listed operator whose `supports(problem)` holds.
 */
import type { Problem } from '../../model/problem.ts';
import type { Operator } from './operator.ts';
import { relocate } from './relocate.ts';
import { orOpt2, orOpt3 } from './or-opt.ts';
import { swap } from './swap.ts';
import { twoOptStar } from './two-opt-star.ts';
import { swapStar } from './swap-star.ts';

/** Every operator, in the order they are tried. The last ones are opt-in (`OPT_IN`). */
export const OPERATORS: readonly Operator[] = [relocate, orOpt2, orOpt3, swap, twoOptStar, swapStar];

/** Operators the local search runs only when `SearchParams.lsOptIn` names them: SWAP* finds
 * better moves per iteration but costs more CPU than it saves at 30 s on 200 customers
 * (docs/solver.md, "Distance at scale"). */
export const OPT_IN: ReadonlySet<string> = new Set([swapStar.name]);

/** The operators that apply to `p`, in list order, without the opt-in ones not in `optIn`. */
export function operatorsFor(p: Problem, ops: readonly Operator[] = OPERATORS, optIn: readonly string[] = []): Operator[] {
  return ops.filter((op) => op.supports(p) && (!OPT_IN.has(op.name) || optIn.includes(op.name)));
}
