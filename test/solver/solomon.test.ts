/**
 * Benchmark instances read from the few copies in test/fixtures/benchmarks: short iteration budgets,
 * every plan rechecked independently in double precision and within a loose bound of the
 * best-known distance. Also: same seed → same result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { solve } from '../../solver/index.ts';
import { checkSolomon, parseSolomon, solomonToProblem } from '../../src/cli/formats/solomon.ts';
import { checkLilim, lilimRouteIds, lilimToProblem, parseLilim } from '../../src/cli/formats/lilim.ts';
import { checkSolution } from './checker.ts';

const DIR = new URL('../fixtures/benchmarks/', import.meta.url);
const read = (rel: string): string => readFileSync(new URL(rel, DIR), 'utf8');

const bks = new Map(
  read('solomon/bks.csv')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const f = l.split(',');
      return [f[0]!, { vehicles: Number(f[1]), distance: Number(f[2]), distOnly: Number(f[5]) }] as const;
    }),
);

describe('Solomon instances (short iteration budgets)', () => {
  for (const name of ['C101', 'R101', 'RC105']) {
    it(`when ${name} is solved for distance, then the plan is feasible and within 4% of the BKS`, () => {
      const inst = parseSolomon(read(`solomon/${name}.txt`), name);
      const input = solomonToProblem(inst, 'distance');
      const out = solve(input, { maxIterations: 4000, seed: 3 });
      const chk = checkSolution(input, out);
      expect(chk.errors).toEqual([]);
      const routes = out.routes.map((r) => r.steps.filter((s) => s.id !== undefined).map((s) => Number(s.id)));
      const sol = checkSolomon(inst, routes);
      expect(sol.errors).toEqual([]);
      expect(out.unassigned).toEqual([]);
      const ref = bks.get(name)!.distOnly;
      expect(sol.distance).toBeGreaterThanOrEqual(ref - 0.01);
      expect(sol.distance).toBeLessThanOrEqual(ref * 1.04);
    });
  }

  it('when R101 is solved hierarchically, then it uses at most one vehicle more than the BKS', () => {
    const inst = parseSolomon(read('solomon/R101.txt'), 'R101');
    const input = solomonToProblem(inst, 'hierarchical');
    const out = solve(input, { maxIterations: 4000, seed: 3 });
    expect(checkSolution(input, out).errors).toEqual([]);
    expect(out.vehicles).toBeLessThanOrEqual(bks.get('R101')!.vehicles + 1);
  });

  it('when the same seed and iteration budget are used twice, then the routes are identical', () => {
    const inst = parseSolomon(read('solomon/RC101.txt'), 'RC101');
    const input = solomonToProblem(inst, 'distance');
    const a = solve(input, { maxIterations: 1500, seed: 42 });
    const b = solve(input, { maxIterations: 1500, seed: 42 });
    const c = solve(input, { maxIterations: 1500, seed: 43 });
    const ids = (o: typeof a) => o.routes.map((r) => r.steps.map((s) => s.id ?? '-').join(','));
    expect(ids(a)).toEqual(ids(b));
    expect(a.distance).toBe(b.distance);
    // A different seed explores differently (guards against an ignored seed).
    expect(ids(c)).not.toEqual(ids(a));
  });
});

describe('Li & Lim', () => {
  it('when lc101 is solved, then pairs, precedence, loads and windows hold and the distance is near the BKS', () => {
    const inst = parseLilim(read('lilim/lc101.txt'), 'lc101.txt');
    const input = lilimToProblem(inst, 'distance');
    const out = solve(input, { maxIterations: 1500, seed: 5 });
    expect(checkSolution(input, out).errors).toEqual([]);
    const chk = checkLilim(inst, out.routes.map((r) => lilimRouteIds(inst, r)));
    expect(chk.errors).toEqual([]);
    expect(chk.distance).toBeLessThanOrEqual(828.9369 * 1.05);
  });
});
