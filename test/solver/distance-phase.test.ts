/**
 * The distance phase after fleet minimisation (hierarchical objective): with the adaptive penalty on
 * left-out tasks switched on (`outTarget`), the returned plan still serves every customer, passes
 * the independent checkers and never uses more vehicles than the fleet phase reached; and, like the
 * default, the same seed and iteration budget give the same routes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/algorithm/solve.ts';
import type { SolutionOutput } from '../../solver/index.ts';
import { checkSolomon, parseSolomon, solomonToProblem } from '../../src/cli/formats/solomon.ts';
import { checkSolution } from './checker.ts';
import { randomProblem } from './random-problem.ts';

const DIR = new URL('../fixtures/benchmarks/', import.meta.url);
const read = (rel: string): string => readFileSync(new URL(rel, DIR), 'utf8');
const ids = (o: SolutionOutput): string[] => o.routes.map((r) => r.steps.map((s) => s.id ?? '-').join(','));

describe('hierarchical distance phase', () => {
  for (const [outTarget, lsOptIn] of [[0, []], [0.5, []], [0, ['swap-star']]] as const) {
    it(`when RC101 is solved hierarchically (outTarget ${outTarget}, opt-in ${lsOptIn.join() || 'none'}), then every customer is served, the plan checks and the run repeats for a seed`, () => {
      const inst = parseSolomon(read('solomon/RC101.txt'), 'RC101');
      const input = solomonToProblem(inst, 'hierarchical');
      const fleet: number[] = [];
      const a = solve(input, { maxIterations: 3000, seed: 11, onBest: (s) => fleet.push(s.vehicles) }, { params: { outTarget, lsOptIn } });
      const b = solve(input, { maxIterations: 3000, seed: 11 }, { params: { outTarget, lsOptIn } });
      expect(checkSolution(input, a).errors).toEqual([]);
      expect(a.unassigned).toEqual([]);
      const routes = a.routes.map((r) => r.steps.filter((s) => s.id !== undefined).map((s) => Number(s.id)));
      const chk = checkSolomon(inst, routes);
      expect(chk.errors).toEqual([]);
      expect(a.distance).toBeCloseTo(chk.distance, 6);
      expect(a.vehicles).toBe(Math.min(...fleet));
      expect(ids(b)).toEqual(ids(a));
      expect(b.distance).toBe(a.distance);
    });
  }

  it('when the penalty is on for random problems (mixed loads, shipments, optional stops), then every plan checks', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const input = { ...randomProblem(seed, 'distance', seed % 2 === 0), objective: 'hierarchical' as const };
      const out = solve(input, { maxIterations: 400, seed }, { params: { outTarget: 0.5 } });
      const chk = checkSolution(input, out);
      expect(chk.errors).toEqual([]);
      expect(out.distance).toBeCloseTo(chk.distance, 6);
    }
  });
});
