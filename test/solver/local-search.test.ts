/**
 * The local search is driven by the operator list: it runs exactly the listed operators whose
 * `supports(problem)` holds, on the argument forms each declares; and `supports` is honest (an
 * operator it rules out has no applicable move).
 */
import { describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/index.ts';
import { buildProblem, type Problem } from '../../solver/model/problem.ts';
import { checkServability } from '../../solver/construct/servability.ts';
import { Solution } from '../../solver/solution/solution.ts';
import { recreate } from '../../solver/search/recreate.ts';
import { buildNeighbours } from '../../solver/search/neighbours.ts';
import { localSearch, predRef } from '../../solver/search/local-search.ts';
import { OPERATORS, operatorsFor } from '../../solver/search/operators/index.ts';
import type { Operator } from '../../solver/search/operators/operator.ts';
import { relocate } from '../../solver/search/operators/relocate.ts';
import { Rng } from '../../solver/util/rng.ts';
import { delivery, problem } from './fixtures.ts';
import { randomProblem } from './random-problem.ts';

const POINTS: [number, number][] = [[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10], [7, 7], [-7, -7]];

function solved(input: ProblemInput, seed = 3): Solution {
  const p = buildProblem(input);
  const sol = new Solution(p, checkServability(p).excluded);
  sol.begin();
  recreate(sol, new Rng(seed), { blink: 0.3 }, Infinity);
  return sol;
}

function shipment(id: string, from: number, to: number): NonNullable<ProblemInput['shipments']>[number] {
  return { id, pickup: { location: from }, delivery: { location: to }, demand: [1] };
}

/** Every move reference: start-depot markers and nodes. */
function refs(p: Problem): number[] {
  return [...Array(p.nVeh).keys()].map((r) => -r - 1).concat([...Array(p.nNodes).keys()]);
}

const CASES: [string, ProblemInput][] = [
  ['only shipments, two vehicles', problem(POINTS, [], { shipments: [shipment('s0', 1, 2), shipment('s1', 3, 4), shipment('s2', 5, 6)], vehicles: [{ count: 2 }] })],
  ['one job and shipments', problem(POINTS, [delivery('a', 1)], { shipments: [shipment('s0', 3, 4)], vehicles: [{ count: 2 }] })],
  ['two jobs, one vehicle', problem(POINTS, [delivery('a', 1), delivery('b', 2)])],
];

describe('operator supports()', () => {
  for (const [name, input] of CASES) {
    it(`when ${name}, then every operator it rules out finds no move`, () => {
      const sol = solved(input);
      const ruledOut = OPERATORS.filter((op) => !op.supports(sol.p));
      expect(ruledOut.length).toBeGreaterThan(0);
      for (const op of ruledOut) {
        for (const u of refs(sol.p)) for (const v of refs(sol.p)) expect(op.evaluate(sol, u, v)).toBe(Infinity);
      }
    });
  }

  it('when a problem has only shipments, then the single-job operators are left out and 2-opt* stays', () => {
    const p = buildProblem(CASES[0]![1]);
    expect(operatorsFor(p).map((op) => op.name)).toEqual(['two-opt-star']);
  });

  it('when an opt-in operator is not named, then it is left out, and named it runs in list order', () => {
    const p = buildProblem(randomProblem(5, 'distance', false, true));
    const names = OPERATORS.map((op) => op.name);
    expect(names).toContain('swap-star');
    expect(operatorsFor(p).map((op) => op.name)).toEqual(names.filter((n) => n !== 'swap-star'));
    expect(operatorsFor(p, OPERATORS, ['swap-star']).map((op) => op.name)).toEqual(names);
  });
});

describe('local search driver', () => {
  const input = randomProblem(424242, 'distance', false);

  it('when given no operators, then it changes nothing', () => {
    const sol = solved(input);
    const before = sol.cost();
    expect(localSearch(sol, buildNeighbours(sol.p, 40), new Rng(1), 20, 50, [])).toBe(0);
    expect(sol.cost()).toBe(before);
  });

  it('when an operator is in the list, then the driver calls it on its declared argument forms, and never one that is not supported', () => {
    const sol = solved(input);
    const nb = buildNeighbours(sol.p, 40);
    const seen: [number, number][] = [];
    const spy: Operator = {
      ...relocate,
      name: 'spy',
      tries: ['u,pred(v)'],
      evaluate(s, u, v) {
        seen.push([u, v]);
        // The driver passes (u, pred(v)) for a neighbour v of u: v must follow the reference.
        const follows = nb.list.subarray(u * nb.k, u * nb.k + nb.k).some((w) => s.routeOf[w]! >= 0 && predRef(s, w) === v);
        expect(follows).toBe(true);
        return Infinity;
      },
    };
    const never: Operator = { ...relocate, name: 'never', supports: () => false, evaluate: () => { throw new Error('unsupported operator evaluated'); } };
    const ops = operatorsFor(sol.p, [spy, never]);
    expect(ops.map((o) => o.name)).toEqual(['spy']);
    const before = sol.cost();
    expect(localSearch(sol, nb, new Rng(1), 20, 50, ops)).toBe(0);
    expect(sol.cost()).toBe(before);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('when run with the listed operators, then the cost falls by the returned improvement', () => {
    const sol = solved(input);
    const before = sol.cost();
    const d = localSearch(sol, buildNeighbours(sol.p, 40), new Rng(1), 20);
    expect(d).toBeLessThanOrEqual(0);
    expect(sol.cost()).toBeCloseTo(before + d, 6);
  });
});
