/**
 * Property: on random small problems (mixed deliveries/pickups, shipments, several dimensions and
 * windows, mixed fleet with different depots, attributes, duration limits and costs), `solve`
 * returns a plan the independent checker accepts, under every objective, and reports the cost
 * the checker recomputes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/index.ts';
import { checkSolution } from './checker.ts';
import { randomProblem } from './random-problem.ts';

describe('solve on random problems', () => {
  for (const objective of ['cost', 'distance', 'hierarchical'] as const) {
    it(`when the objective is ${objective}, then every returned plan is feasible and its cost is exact`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (seed) => {
          const input = { ...randomProblem(seed, objective === 'cost' ? 'cost' : 'distance', objective === 'cost'), objective };
          const out = solve(input, { maxIterations: 150, seed });
          const chk = checkSolution(input, out);
          expect(chk.errors).toEqual([]);
          expect(out.feasible).toBe(true);
          if (objective === 'cost') expect(out.cost).toBeCloseTo(chk.cost, 6);
          else expect(out.distance).toBeCloseTo(chk.distance, 6);
        }),
        { numRuns: 40, seed: 777 },
      );
    });
  }
});
