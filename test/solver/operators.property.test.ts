/**
 * Property: for random feasible solutions of random small problems (mixed deliveries and pickups,
 * shipments, several dimensions and windows, mixed fleet with different depots, duration limits
 * and duration costs), each operator's `evaluate` equals the cost change recomputed by the
 * independent checker after `apply`, and the solution stays feasible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JobInput, ProblemInput, ShipmentInput, VehicleTypeInput } from '../../solver/index.ts';
import { buildProblem } from '../../solver/model/problem.ts';
import { checkServability } from '../../solver/construct/servability.ts';
import { Solution } from '../../solver/solution/solution.ts';
import { toOutput } from '../../solver/solution/output.ts';
import { recreate } from '../../solver/search/recreate.ts';
import { relocate } from '../../solver/search/operators/relocate.ts';
import { swap } from '../../solver/search/operators/swap.ts';
import { twoOptStar } from '../../solver/search/operators/two-opt-star.ts';
import { orOpt2, orOpt3 } from '../../solver/search/operators/or-opt.ts';
import type { Operator } from '../../solver/search/operators/operator.ts';
import { Rng } from '../../solver/util/rng.ts';
import { checkSolution } from './checker.ts';
import { matrix } from './fixtures.ts';

/** A random problem from a seed (a fast-check integer), built with our own PRNG. */
function randomProblem(seed: number, objective: 'cost' | 'distance', durationLimits: boolean): ProblemInput {
  const rng = new Rng(seed);
  const nLoc = 3 + rng.int(12);
  const pts: [number, number][] = [];
  for (let i = 0; i < nLoc; i++) pts.push([rng.int(50), rng.int(50)]);
  const dims = 1 + rng.int(2);
  const win = (): [number, number][] => {
    const x = rng.next();
    if (x < 0.3) return [];
    const a = rng.int(150);
    if (x < 0.8) return [[a, a + 20 + rng.int(100)]];
    return [[a, a + 15], [a + 40, a + 80 + rng.int(60)]];
  };
  const dem = (): number[] => Array.from({ length: dims }, () => rng.int(6));
  const jobs: JobInput[] = [];
  const nJobs = 2 + rng.int(10);
  for (let i = 0; i < nJobs; i++) {
    jobs.push({
      id: `j${i}`,
      kind: rng.next() < 0.7 ? 'delivery' : 'pickup',
      location: 1 + rng.int(nLoc - 1),
      demand: dem(),
      service: rng.int(5),
      timeWindows: win(),
      ...(rng.next() < 0.15 ? { requires: ['cold'] } : {}),
    });
  }
  const shipments: ShipmentInput[] = [];
  const nShip = rng.int(3);
  for (let i = 0; i < nShip; i++) {
    shipments.push({
      id: `s${i}`,
      pickup: { location: 1 + rng.int(nLoc - 1), service: rng.int(4), timeWindows: win() },
      delivery: { location: 1 + rng.int(nLoc - 1), service: rng.int(4), timeWindows: win() },
      demand: dem(),
    });
  }
  const types: VehicleTypeInput[] = [0, 1].map((t) => ({
    id: `t${t}`,
    count: 2 + rng.int(3),
    startLocation: t === 0 ? 0 : rng.int(nLoc),
    endLocation: t === 0 ? 0 : rng.int(nLoc),
    capacity: Array.from({ length: dims }, () => 6 + rng.int(15)),
    shiftStart: 0,
    shiftEnd: 300 + rng.int(200),
    ...(durationLimits && rng.next() < 0.5 ? { maxDuration: 120 + rng.int(200) } : {}),
    fixedCost: rng.int(30),
    costPerDistance: 1 + rng.int(3),
    costPerDuration: durationLimits ? rng.int(2) : 0,
    attributes: t === 1 ? ['cold'] : [],
  }));
  const m = matrix(pts);
  return { locations: nLoc, distance: m, duration: m, dimensions: dims, vehicleTypes: types, jobs, shipments, objective };
}

function refs(sol: Solution, rng: Rng): number {
  // A node, or (sometimes) a start-depot marker of a random route.
  if (rng.next() < 0.2) return -1 - rng.int(sol.routes.length);
  return rng.int(sol.p.nNodes);
}

function checkOperator(op: Operator, seed: number, objective: 'cost' | 'distance', durationLimits: boolean): number {
  const input = randomProblem(seed, objective, durationLimits);
  const p = buildProblem(input);
  const serv = checkServability(p);
  const sol = new Solution(p, serv.excluded);
  const rng = new Rng(seed ^ 0x5bd1e995);
  sol.begin();
  recreate(sol, rng, { blink: 0.05 }, Infinity);
  let applied = 0;
  for (let t = 0; t < 60; t++) {
    const u = op.name === 'two-opt-star' ? refs(sol, rng) : rng.int(p.nNodes);
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
  for (const op of [relocate, swap, twoOptStar, orOpt2, orOpt3]) {
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
  }
});
