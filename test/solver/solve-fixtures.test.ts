/** Behaviour of `solve()` on tiny hand-checked problems, each rechecked by the independent checker. */
import { describe, expect, it } from 'vitest';
import { solve, type ProblemInput } from '../../solver/index.ts';
import { checkSolution } from './checker.ts';
import { delivery, problem, routeIds } from './fixtures.ts';

const budget = { maxIterations: 300, seed: 7 };

function solveChecked(input: ProblemInput) {
  const out = solve(input, budget);
  const chk = checkSolution(input, out);
  expect(chk.errors).toEqual([]);
  return { out, chk };
}

describe('solve on tiny problems', () => {
  it('when customers lie on a line, then one route visits them out and back (distance 6)', () => {
    const input = problem([[0, 0], [1, 0], [2, 0], [3, 0]], [delivery('a', 1), delivery('b', 2), delivery('c', 3)], {
      vehicles: [{ count: 3 }],
    });
    const { out } = solveChecked(input);
    expect(out.vehicles).toBe(1);
    expect(out.distance).toBeCloseTo(6, 9);
    expect(out.unassigned).toEqual([]);
  });

  it('when two demands exceed one vehicle together, then two routes are used (distance 2·5 + 2·5)', () => {
    const input = problem([[0, 0], [3, 4], [-3, 4]], [delivery('a', 1, 6), delivery('b', 2, 6)], {
      vehicles: [{ count: 2, capacity: [10] }],
    });
    const { out } = solveChecked(input);
    expect(out.vehicles).toBe(2);
    expect(out.distance).toBeCloseTo(20, 9);
  });

  it('when a time window closes early, then that customer is served first even if farther', () => {
    // b at x=2 must start by 2; a at x=1 opens at 5: 0→b→a→0 = 2+1+1 = 4.
    const input = problem(
      [[0, 0], [1, 0], [2, 0]],
      [delivery('a', 1, 1, { timeWindows: [[5, 10]] }), delivery('b', 2, 1, { timeWindows: [[0, 2]] })],
    );
    const { out } = solveChecked(input);
    expect(routeIds(out)).toEqual([['b', 'a']]);
    expect(out.distance).toBeCloseTo(4, 9);
  });

  it('when a stop has two windows, then service starts in the second once the first is missed', () => {
    const input = problem([[0, 0], [5, 0]], [delivery('a', 1, 1, { timeWindows: [[0, 1], [10, 20]] })]);
    const { out } = solveChecked(input);
    const step = out.routes[0]!.steps[1]!;
    expect(step.start).toBeGreaterThanOrEqual(10);
    expect(step.start).toBeLessThanOrEqual(20);
  });

  it('when a delivery and a pickup share a route, then the load stays within capacity at every point', () => {
    // Capacity 10: deliver 8 to a, pick up 8 at b. Visiting b first would carry 16.
    const input = problem(
      [[0, 0], [0, 2], [2, 0]],
      [delivery('a', 1, 8), { id: 'b', kind: 'pickup', location: 2, demand: [8] }],
      { vehicles: [{ capacity: [10] }] },
    );
    const { out } = solveChecked(input);
    expect(routeIds(out)).toEqual([['a', 'b']]);
    const loads = out.routes[0]!.steps.map((s) => s.load[0]);
    expect(loads).toEqual([8, 0, 8, 8]);
  });

  it('when a shipment is paired, then its pickup precedes its delivery on the same route', () => {
    // Pickup at x=3, delivery at x=1: the natural sweep would pass the delivery point first.
    const input = problem([[0, 0], [1, 0], [3, 0]], [], {
      shipments: [{ id: 's', pickup: { location: 2 }, delivery: { location: 1 }, demand: [5] }],
    });
    const { out } = solveChecked(input);
    expect(routeIds(out)).toEqual([['s', 's-d']]);
    expect(out.distance).toBeCloseTo(6, 9);
  });

  it('when a stop requires refrigeration, then only a refrigerated vehicle serves it', () => {
    const input = problem([[0, 0], [1, 0], [0, 1]], [delivery('a', 1, 1, { requires: ['refrigerated'] }), delivery('b', 2)], {
      vehicles: [{ id: 'plain', count: 2 }, { id: 'cold', count: 1, attributes: ['refrigerated'], fixedCost: 0 }],
    });
    const { out } = solveChecked(input);
    const r = out.routes.find((x) => x.steps.some((s) => s.id === 'a'))!;
    expect(r.vehicleType).toBe('cold');
  });

  it('when vehicles start and end at different depots, then routes run start→…→end', () => {
    const input = problem([[0, 0], [10, 0], [5, 0]], [delivery('a', 2)], { vehicles: [{ startLocation: 0, endLocation: 1 }] });
    const { out } = solveChecked(input);
    const steps = out.routes[0]!.steps;
    expect(steps[0]!.location).toBe(0);
    expect(steps.at(-1)!.location).toBe(1);
    expect(out.distance).toBeCloseTo(10, 9);
  });

  it('when an optional stop is far and its penalty small, then it is left unassigned with a reason', () => {
    const input: ProblemInput = {
      ...problem([[0, 0], [1, 0], [100, 0]], [delivery('near', 1), delivery('far', 2, 1, { penalty: 5 })]),
      objective: 'cost',
    };
    const { out, chk } = solveChecked(input);
    expect(out.unassigned.map((u) => u.id)).toEqual(['far']);
    expect(out.unassigned[0]!.reason).toMatch(/penalty/);
    expect(chk.cost).toBeCloseTo(2 + 5, 9);
    expect(out.cost).toBeCloseTo(chk.cost, 9);
  });

  it('when the optional stop is worth serving, then it is served', () => {
    const input: ProblemInput = {
      ...problem([[0, 0], [1, 0], [100, 0]], [delivery('near', 1), delivery('far', 2, 1, { penalty: 1000 })]),
      objective: 'cost',
    };
    const { out } = solveChecked(input);
    expect(out.unassigned).toEqual([]);
  });

  it('when fixed costs dominate, then the cost objective uses one vehicle', () => {
    const input: ProblemInput = {
      ...problem([[0, 0], [0, 5], [0, -5]], [delivery('a', 1), delivery('b', 2)], {
        vehicles: [{ count: 2, fixedCost: 100 }],
      }),
      objective: 'cost',
    };
    const { out, chk } = solveChecked(input);
    expect(out.vehicles).toBe(1);
    expect(out.cost).toBeCloseTo(chk.cost, 9);
    expect(out.cost).toBeCloseTo(120, 9);
  });

  it('when a maximum duration forbids one long route, then two routes are used', () => {
    const input = problem([[0, 0], [0, 5], [0, -5]], [delivery('a', 1), delivery('b', 2)], {
      vehicles: [{ count: 2, maxDuration: 12 }],
    });
    const { out } = solveChecked(input);
    expect(out.vehicles).toBe(2);
  });

  it('when a demand exceeds every capacity, then the job is unassigned with a capacity reason', () => {
    const input = problem([[0, 0], [1, 0], [2, 0]], [delivery('ok', 1, 5), delivery('huge', 2, 500)]);
    const { out } = solveChecked(input);
    expect(out.unassigned).toEqual([{ id: 'huge', reason: expect.stringMatching(/capacity/) }]);
    expect(routeIds(out)).toEqual([['ok']]);
  });

  it('when no vehicle offers a required attribute, then the job is unassigned with that reason', () => {
    const input = problem([[0, 0], [1, 0]], [delivery('a', 1, 1, { requires: ['chilled'] })]);
    const { out } = solveChecked(input);
    expect(out.unassigned).toEqual([{ id: 'a', reason: expect.stringMatching(/attribute/) }]);
  });

  it('when a window cannot be reached within the shift, then the job is unassigned with a time reason', () => {
    const input = problem([[0, 0], [50, 0]], [delivery('late', 1, 1, { timeWindows: [[0, 10]] })]);
    const { out } = solveChecked(input);
    expect(out.unassigned).toEqual([{ id: 'late', reason: expect.stringMatching(/time window/) }]);
  });

  it('when several capacity dimensions exist, then every dimension is respected', () => {
    const input = problem([[0, 0], [1, 0], [2, 0]], [
      { id: 'a', kind: 'delivery', location: 1, demand: [1, 60] },
      { id: 'b', kind: 'delivery', location: 2, demand: [1, 60] },
    ], { dimensions: 2, vehicles: [{ count: 2, capacity: [10, 100] }] });
    const { out } = solveChecked(input);
    expect(out.vehicles).toBe(2);
  });
});

describe('budgets', () => {
  const input = problem(
    [[0, 0], [1, 0], [2, 1], [0, 3], [-2, 1], [-1, -2]],
    [delivery('a', 1), delivery('b', 2), delivery('c', 3), delivery('d', 4), delivery('e', 5)],
    { vehicles: [{ count: 3, capacity: [2] }] },
  );
  for (const objective of ['distance', 'hierarchical'] as const) {
    it(`when only a no-improvement limit is set (${objective}), then the search stops`, () => {
      const out = solve({ ...input, objective }, { maxNoImprovement: 200, seed: 1 });
      expect(checkSolution({ ...input, objective }, out).errors).toEqual([]);
      expect(out.vehicles).toBe(3);
      expect(out.iterations).toBeGreaterThanOrEqual(200);
    });
  }

  it('when an injected clock is past the time budget, then solve returns the construction only', () => {
    let t = 0;
    const out = solve(input, { maxSeconds: 1, clock: () => (t += 2000), seed: 1 });
    expect(out.iterations).toBe(0);
    expect(checkSolution(input, out).errors).toEqual([]);
  });

  it('when progress and best callbacks are given, then they receive the run', () => {
    const best: number[] = [];
    let progress = 0;
    solve(input, { maxIterations: 2100, seed: 1, onBest: (s) => best.push(s.cost), onProgress: () => progress++ });
    expect(progress).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < best.length; i++) expect(best[i]!).toBeLessThan(best[i - 1]!);
  });
});
