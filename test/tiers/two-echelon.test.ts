import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTwoEchelon, readTwoEchelon, toCliResult } from '../../src/cli/formats/two-echelon.ts';
import { buildData, evaluateSecondEchelon, FirstEchelon, solveTwoEchelon } from '../../solver/tiers/two-echelon/index.ts';
import { checkTwoEchelon } from './two-echelon-checker.ts';
import { TWO_ECHELON_DIR } from '../helpers/benchmarks.ts';

// The five Set 2 instances are copied into test/fixtures so a clean clone is self-contained.
const BENCH = TWO_ECHELON_DIR;
const NAMES = [
  'Set2a_E-n22-k4-s6-17',
  'Set2a_E-n22-k4-s8-14',
  'Set2a_E-n22-k4-s9-19',
  'Set2a_E-n33-k4-s1-9',
  'Set2b_E-n51-k5-s2-17',
];

async function solutionFile(name: string): Promise<{ obj: number; se: number; fe: number; routes: { satellite: number; customers: number[] }[] }> {
  const lines = (await readFile(join(BENCH, 'solutions', name + '.txt'), 'utf8')).trim().split('\n');
  const head = lines[0]!.split(/\s+/);
  const routes = lines.slice(1).map((l) => {
    const [, sat, ...cs] = l.trim().split(/\s+/).map(Number);
    return { satellite: sat! - 1, customers: cs.map((c) => c - 1) };
  });
  return { obj: Number(head[1]), se: Number(head[3]), fe: Number(head[5]), routes };
}

describe('2E-CVRP unified-format parser', () => {
  it('reads fleets, stores and customers of E-n22-k4-s6-17', async () => {
    const inst = await readTwoEchelon(join(BENCH, 'instances', NAMES[0]! + '.dat'));
    expect([inst.K1, inst.Q1, inst.Ks, inst.K2, inst.Q2]).toEqual([3, 15000, 4, 4, 6000]);
    expect(inst.depot).toEqual({ x: 145, y: 215 });
    expect(inst.satellites).toHaveLength(2);
    expect(inst.customers).toHaveLength(21);
    expect(inst.customers.reduce((s, c) => s + c.q, 0)).toBe(22500);
  });

  it('rejects a file with a malformed customers line, naming the field', () => {
    const text = '3,10,1,0\n2,2,5,1,0\n0,0   1,1\n1,2,3   4,5\n';
    expect(() => parseTwoEchelon(text, 'bad')).toThrow(/customers/);
  });
});

describe('2E-CVRP evaluator reproduces the benchmark solutions', () => {
  for (const name of NAMES) {
    it(`${name}: obj, se and fe to 1e-4`, async () => {
      const inst = await readTwoEchelon(join(BENCH, 'instances', name + '.dat'));
      const sol = await solutionFile(name);
      const c = evaluateSecondEchelon(buildData(inst), sol.routes);
      expect(Math.abs(c.se - sol.se)).toBeLessThan(1e-4);
      expect(Math.abs(c.fe - sol.fe)).toBeLessThan(1e-4);
      expect(Math.abs(c.total - sol.obj)).toBeLessThan(1e-4);
    });
  }
});

describe('2E-CVRP first echelon (exact split deliveries)', () => {
  const inst = {
    name: 'tiny', K1: 3, Q1: 10, c1: 1, F1: 0, Ks: 2, K2: 4, Q2: 10, c2: 1, F2: 0,
    depot: { x: 0, y: 0 },
    satellites: [{ x: 3, y: 0, handling: 0 }, { x: 0, y: 4, handling: 0 }],
    customers: [{ x: 1, y: 1, q: 1 }],
  };
  it('serves a satellite needing 1.5 trucks with one out-and-back and splits the rest with the other satellite', () => {
    const fe = new FirstEchelon(buildData(inst));
    // loads 15 at s1 and 4 at s2: one full truck to s1 (6), then the best is 0→s1→s2→0 (3+5+4=12) with 5+4
    const r = fe.solve([15, 4]);
    expect(r.cost).toBeCloseTo(18, 9);
    const delivered = [0, 0];
    for (const route of r.routes) route.satellites.forEach((sat, k) => (delivered[sat]! += route.loads[k]!));
    expect(delivered).toEqual([15, 4]);
    for (const route of r.routes) expect(route.loads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10 + 1e-9);
  });
  it('is infinite when the loads exceed K1·Q1', () => {
    expect(new FirstEchelon(buildData(inst)).cost([25, 6])).toBe(Infinity);
  });
});

describe('2E-CVRP LNS', () => {
  it('returns solutions the independent checker accepts, with the cost it recomputes', async () => {
    for (const name of NAMES) {
      const inst = await readTwoEchelon(join(BENCH, 'instances', name + '.dat'));
      const sol = solveTwoEchelon(buildData(inst), { seed: 3, maxIterations: 300 });
      const out = toCliResult(inst, sol, 0);
      const { errors, cost } = checkTwoEchelon(inst, out);
      expect(errors).toEqual([]);
      expect(sol.feasible).toBe(true);
      expect(Math.abs(cost - sol.cost)).toBeLessThan(1e-6);
    }
  });

  it('the checker flags a capacity violation and a missing customer', async () => {
    const inst = await readTwoEchelon(join(BENCH, 'instances', NAMES[0]! + '.dat'));
    const all = inst.customers.map((_, i) => i + 1);
    const { errors } = checkTwoEchelon(inst, {
      firstEchelon: [{ route: [1], loads: [22500 - inst.customers[0]!.q] }],
      secondEchelon: [{ satellite: 1, route: all.slice(1) }],
    });
    expect(errors.some((e) => e.includes('> Q2'))).toBe(true);
    expect(errors.some((e) => e.startsWith('customer 1 served 0'))).toBe(true);
    expect(errors.some((e) => e.includes('> Q1'))).toBe(true);
  });

  it('is deterministic for a seed and an iteration budget', async () => {
    const inst = await readTwoEchelon(join(BENCH, 'instances', NAMES[3]! + '.dat'));
    const a = solveTwoEchelon(buildData(inst), { seed: 7, maxIterations: 400 });
    const b = solveTwoEchelon(buildData(inst), { seed: 7, maxIterations: 400 });
    expect(toCliResult(inst, a, 0)).toEqual(toCliResult(inst, b, 0));
  });

  it('reaches the proven optimum of E-n22-k4-s6-17 within an iteration budget', async () => {
    const inst = await readTwoEchelon(join(BENCH, 'instances', NAMES[0]! + '.dat'));
    const sol = solveTwoEchelon(buildData(inst), { seed: 1, maxIterations: 3000 });
    expect(sol.cost).toBeLessThan(417.07 + 0.005);
  });
});
