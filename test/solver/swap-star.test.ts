/**
 * SWAP* against plain swap on random delivery-only problems: its candidate positions include the
 * other job's place, so wherever swap finds a feasible exchange SWAP* prices one at most as
 * expensive; and it finds strictly better exchanges (each job at a better spot) on a share of the
 * pairs. Exactness against the checker is in operators.property.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../solver/model/problem.ts';
import { checkServability } from '../../solver/construct/servability.ts';
import { Solution } from '../../solver/solution/solution.ts';
import { recreate } from '../../solver/search/recreate.ts';
import { swap } from '../../solver/search/operators/swap.ts';
import { swapStar } from '../../solver/search/operators/swap-star.ts';
import { Rng } from '../../solver/util/rng.ts';
import { randomProblem } from './random-problem.ts';

describe('SWAP*', () => {
  it('when swap finds a feasible exchange of two jobs in different routes, then SWAP* prices one at most as expensive, and sometimes strictly cheaper', () => {
    let compared = 0;
    let better = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomProblem(seed, 'distance', false, true);
      const p = buildProblem(input);
      const sol = new Solution(p, checkServability(p).excluded);
      sol.begin();
      recreate(sol, new Rng(seed), { blink: 0.3 }, Infinity);
      for (let u = 0; u < p.nNodes; u++) {
        for (let v = 0; v < p.nNodes; v++) {
          const ru = sol.routeOf[u]!;
          const rv = sol.routeOf[v]!;
          if (ru < 0 || rv < 0 || ru === rv) continue;
          const ds = swap.evaluate(sol, u, v);
          if (ds === Infinity) continue;
          const dStar = swapStar.evaluate(sol, u, v);
          compared++;
          expect(dStar).toBeLessThanOrEqual(ds + 1e-9);
          if (dStar < ds - 1e-6) better++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
    expect(better).toBeGreaterThan(compared / 20);
  });

  it('when both jobs are in the same route, then SWAP* finds no move', () => {
    const input = randomProblem(7, 'distance', false, true);
    const p = buildProblem(input);
    const sol = new Solution(p, checkServability(p).excluded);
    sol.begin();
    recreate(sol, new Rng(7), { blink: 0 }, Infinity);
    let pairs = 0;
    for (let u = 0; u < p.nNodes; u++) {
      for (let v = 0; v < p.nNodes; v++) {
        if (u === v || sol.routeOf[u]! < 0 || sol.routeOf[u] !== sol.routeOf[v]) continue;
        pairs++;
        expect(swapStar.evaluate(sol, u, v)).toBe(Infinity);
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });
});
