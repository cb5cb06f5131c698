/**
 * Property: for random feasible solutions of random small problems (mixed deliveries and pickups,
 * shipments, several dimensions and windows, mixed fleet with different depots, duration limits
 * and duration costs), each operator's `evaluate` equals the cost change recomputed by the
 * independent checker after `apply`, and the solution stays feasible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../solver/model/problem.ts';
import { checkServability } from '../../solver/construct/servability.ts';
import { Solution } from '../../solver/solution/solution.ts';
import { toOutput } from '../../solver/solution/output.ts';
import { recreate } from '../../solver/search/recreate.ts';
import { OPERATORS } from '../../solver/search/operators/index.ts';
import type { Operator } from '../../solver/search/operators/operator.ts';
import { Rng } from '../../solver/util/rng.ts';
import { checkSolution } from './checker.ts';
import { randomProblem } from './random-problem.ts';


function refs(sol: Solution, rng: Rng): number {
  // A node, or (sometimes) a start-depot marker of a random route.
  if (rng.next() < 0.2) return -1 - rng.int(sol.routes.length);
  return rng.int(sol.p.nNodes);
}

function checkOperator(
  op: Operator,
  seed: number,
  objective: 'cost' | 'distance',
  durationLimits: boolean,
  deliveriesOnly = false,
): number {
  const input = randomProblem(seed, objective, durationLimits, deliveriesOnly);
  const p = buildProblem(input);
  const serv = checkServability(p);
  const sol = new Solution(p, serv.excluded);
  const rng = new Rng(seed ^ 0x5bd1e995);
  sol.begin();
  recreate(sol, rng, { blink: 0.05 }, Infinity);
  let applied = 0;
  for (let t = 0; t < 60; t++) {
    const u = op.tries.includes('pred(u),v') ? refs(sol, rng) : rng.int(p.nNodes);
    const v = refs(sol, rng);
    const before = checkSolution(input, toOutput(sol, serv.reason, 0));
    expect(before.errors).toEqual([]);
    const delta = op.evaluate(sol, u, v);
    if (delta === Infinity) continue;
    op.apply(sol, u, v);
    applied++;
    const after = checkSolution(input, toOutput(sol, serv.reason, 0));
    expect(after.errors).toEqual([]);
    expect(after.cost - before.cost).toBeCloseTo(delta, 6);
  }
  return applied;
}

describe('operator evaluate() equals the recomputed cost change', () => {
  // Every listed operator (a new entry in OPERATORS is checked without touching this test).
  for (const op of OPERATORS) {
    it(`${op.name}: distance objective, O(1) paths`, () => {
      let applied = 0;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
          applied += checkOperator(op, seed, 'distance', false);
        }),
        { numRuns: 60, seed: 12345 },
      );
      expect(applied).toBeGreaterThan(20);
    });
    it(`${op.name}: cost objective with duration costs and limits (O(n) paths)`, () => {
      let applied = 0;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
          applied += checkOperator(op, seed, 'cost', true);
        }),
        { numRuns: 60, seed: 54321 },
      );
      expect(applied).toBeGreaterThan(20);
    });
    it(`${op.name}: deliveries only, distance objective (paths that rely on no pickups)`, () => {
      let applied = 0;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
          applied += checkOperator(op, seed, 'distance', false, true);
        }),
        { numRuns: 60, seed: 24680 },
      );
      expect(applied).toBeGreaterThan(20);
    });
  }
});
