/**
 * Periodic VRP: the search (solver/periodic) and `solve --format pvrp`, verified by an independent
 * checker on three instances of Cordeau, Gendreau & Laporte (1997); parser errors; determinism.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { solvePeriodic } from '../../solver/index.ts';
import { parsePvrp, pvrpToInstance, solvePvrpFile } from '../../src/cli/formats/pvrp.ts';
import { main } from '../../src/cli/main.ts';
import { checkPlan, readRes } from './pvrp-checker.ts';

const DIR = join(import.meta.dirname, '../fixtures/benchmarks/pvrp');
const file = (name: string): string => join(DIR, 'instances', name);
const text = (name: string): string => readFileSync(file(name), 'utf8');

describe('PVRP checker (the yardstick of the tests below)', () => {
  it('when given the published 1997 solutions, then it finds them feasible at their stated cost', () => {
    for (const name of ['p01', 'pr01']) {
      const res = readRes(readFileSync(join(DIR, 'solutions', `${name}.res`), 'utf8'));
      // p01.res leaves out customer 51, who sits on the depot and fills one vehicle on day 1.
      const routes = name === 'p01' ? [...res.routes, { day: 1, customers: [51] }] : res.routes;
      const chk = checkPlan(text(name), routes);
      expect(chk.errors).toEqual([]);
      expect(chk.cost).toBeCloseTo(res.cost, 2);
    }
  });

  it('when a plan breaks a rule, then it names it', () => {
    const res = readRes(readFileSync(join(DIR, 'solutions', 'pr01.res'), 'utf8'));
    const r0 = res.routes[0]!;
    // Customer moved to a day outside its combination, a route overloaded, and a day over its vehicles.
    const moved = [{ ...r0, customers: r0.customers.slice(1) }, ...res.routes.slice(1), { day: r0.day === 1 ? 2 : 1, customers: [r0.customers[0]!] }];
    expect(checkPlan(text('pr01'), moved).errors.join()).toMatch(/not an allowed combination|routes > 2/);
    const merged = [{ day: r0.day, customers: res.routes.filter((r) => r.day === r0.day).flatMap((r) => r.customers) }, ...res.routes.filter((r) => r.day !== r0.day)];
    expect(checkPlan(text('pr01'), merged).errors.join()).toMatch(/load .* > 200|duration/);
  });
});

describe('PVRP search', () => {
  for (const [name, iterations] of [['p01', 400], ['p03', 400], ['pr01', 300]] as const) {
    it(`when ${name} is solved on ${iterations} iterations, then the independent checker accepts the plan and its cost`, async () => {
      const out = await solvePvrpFile(file(name), { seed: 7, iterations });
      expect(out.feasible).toBe(true);
      const chk = checkPlan(text(name), out.routes);
      expect(chk.errors).toEqual([]);
      expect(Math.abs(chk.cost - out.cost)).toBeLessThan(1e-3);
      expect(out.bks).toBeGreaterThan(0);
      expect(out.gapPercent).toBeCloseTo((out.cost / out.bks! - 1) * 100, 3);
      // The library's own figure (unrounded) agrees too.
      const lib = solvePeriodic(pvrpToInstance(parsePvrp(text(name), name)), { seed: 7, maxIterations: iterations });
      expect(Math.abs(checkPlan(text(name), lib.routes).cost - lib.cost)).toBeLessThan(1e-6);
    });
  }

  it('when solved twice with the same seed and iteration budget, then the plans are identical', () => {
    const inst = pvrpToInstance(parsePvrp(text('pr01'), 'pr01'));
    const a = solvePeriodic(inst, { seed: 3, maxIterations: 500 });
    const b = solvePeriodic(inst, { seed: 3, maxIterations: 500 });
    expect(b).toEqual(a);
    expect(a.iterations).toBe(500);
  });

  it('when a customer cannot fit any day, then it comes back unassigned and the plan is flagged', () => {
    const inst = pvrpToInstance(parsePvrp(['1 1 2 1', '0 10', '0 0 0 0 0 0 0', '1 3 4 0 6 1 1 1', '2 0 2 0 6 1 1 1'].join('\n'), 'tiny'));
    const out = solvePeriodic(inst, { seed: 1, maxIterations: 50 });
    expect(out.feasible).toBe(false);
    expect(out.unassigned.length).toBe(1);
  });
});

describe('PVRP format', () => {
  const ok = ['1 2 2 2', '0 10', '0 10', '0 0 0 0 0 0 0', '1 3 4 1 6 1 2 1 2', '2 0 2 0 6 2 1 3'];
  const parse = (lines: string[]) => () => parsePvrp(lines.join('\n'), 'x.txt');

  it('when a valid file is read, then combinations become day lists, day 1 leftmost', () => {
    const inst = pvrpToInstance(parsePvrp(ok.join('\r\n'), 'x.txt'));
    expect(inst.customers.map((c) => c.patterns)).toEqual([[[2], [1]], [[1, 2]]]);
    expect(inst.dayLimits).toEqual([{ maxDuration: 0, capacity: 10 }, { maxDuration: 0, capacity: 10 }]);
  });

  it('when f = 0 but single-day combinations are listed (a quirk of p11), then they are accepted', () => {
    const lines = [...ok];
    lines[4] = '1 3 4 1 6 0 2 1 2';
    expect(pvrpToInstance(parsePvrp(lines.join('\n'), 'x')).customers[0]!.patterns).toEqual([[2], [1]]);
  });

  const cases: [string, (l: string[]) => void, RegExp][] = [
    ['type is not 1', (l) => (l[0] = '2 2 2 2'), /row 1: type: 2 is not a PVRP file/],
    ['a day line is short', (l) => (l[2] = '0'), /row 3: day 2 \(D Q\): expected 2 values/],
    ['a capacity is not a number', (l) => (l[1] = '0 ten'), /row 2: day 1 Q \(capacity\): "ten" is not a number/],
    ['records are out of order', (l) => (l[4] = '2 3 4 1 6 1 2 1 2'), /row 5: i: expected record 1, got 2/],
    ['the combination count is wrong', (l) => (l[4] = '1 3 4 1 6 1 3 1 2'), /row 5: combinations: a = 3 but 2 combinations listed/],
    ['a combination has too many bits', (l) => (l[5] = '2 0 2 0 6 2 1 7'), /row 6: combination 1: 7 has more than t = 2 bits/],
    ['a combination disagrees with f', (l) => (l[5] = '2 0 2 0 6 2 1 2'), /row 6: combination 1: 2 has 1 visit days, f = 2/],
    ['a demand is negative', (l) => (l[5] = '2 0 2 0 -6 2 1 3'), /row 6: q \(demand\): -6 must be >= 0/],
    ['the file ends early', (l) => l.pop(), /row 6: customer 2: unexpected end of file/],
  ];
  for (const [what, edit, message] of cases) {
    it(`when ${what}, then a validation error names the file, row and field`, () => {
      const lines = [...ok];
      edit(lines);
      expect(parse(lines)).toThrow(message);
      expect(parse(lines)).toThrow(/^x\.txt row/);
    });
  }

  it('when the CLI gets a broken file, then it exits 2', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['solve', join(DIR, 'bks.csv'), '--format', 'pvrp', '--iterations', '10'])).toBe(2);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/bks\.csv row 1: header/);
    } finally {
      err.mockRestore();
    }
  });

  it('when the CLI solves a file, then it prints the plan as JSON with days and customers', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['solve', file('pr01'), '--format', 'pvrp', '--iterations', '300', '--seed', '2'])).toBe(0);
      const res = JSON.parse(String(out.mock.calls.at(-1)![0])) as { instance: string; cost: number; feasible: boolean; routes: { day: number; customers: number[] }[] };
      expect(res.instance).toBe('pr01');
      expect(res.feasible).toBe(true);
      expect(checkPlan(text('pr01'), res.routes).errors).toEqual([]);
      expect(Math.abs(checkPlan(text('pr01'), res.routes).cost - res.cost)).toBeLessThan(1e-3);
    } finally {
      out.mockRestore();
    }
  });
});
