/** Bad input to the tier algorithms and the 2E-CVRP search is a `SolverInputError` naming the field. */
import { describe, expect, it } from 'vitest';
import {
  buildData,
  daysCarried,
  meanLeadTimeHours,
  patternFamily,
  solveTwoEchelon,
  SolverInputError,
  type TwoEchelonInstance,
} from '../../solver/index.ts';

function errorOf(f: () => unknown): SolverInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof SolverInputError) return e;
    throw e;
  }
  throw new Error('expected a SolverInputError');
}

const inst = (over: Partial<TwoEchelonInstance> = {}): TwoEchelonInstance => ({
  name: 'tiny',
  K1: 1, Q1: 100, c1: 1, F1: 0, Ks: 2, K2: 2, Q2: 50, c2: 1, F2: 0,
  depot: { x: 0, y: 0 },
  satellites: [{ x: 10, y: 0, handling: 0 }],
  customers: [{ x: 12, y: 1, q: 10 }, { x: 9, y: -2, q: 20 }],
  ...over,
});

describe('weekday patterns reject bad arguments', () => {
  it('when the frequency does not divide the service days, then the error names frequency', () => {
    const e = errorOf(() => patternFamily(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], 4));
    expect(e.field).toBe('frequency');
    expect(e.reason).toMatch(/divide the 6 service days/);
  });

  it('when a day is not a weekday code, then the error names its position', () => {
    const e = errorOf(() => daysCarried(['mon', 'funday']));
    expect(e.field).toBe('days[1]');
    expect(e.reason).toMatch(/unknown weekday funday/);
  });

  it('when a service day is unknown in the lead-time computation, then the error names it', () => {
    const e = errorOf(() => meanLeadTimeHours(new Map([['mon', 600]]), ['mon', 'xx'], 480));
    expect(e.field).toBe('serviceDays[1]');
  });
});

describe('2E-CVRP input is validated at the boundary', () => {
  it('when a fleet size is 0, then the error names it', () => {
    const e = errorOf(() => buildData(inst({ K2: 0 })));
    expect(e.field).toBe('K2');
    expect(e.reason).toMatch(/> 0/);
  });

  it('when a customer demand is negative, then the error names customers[i].q', () => {
    const e = errorOf(() => buildData(inst({ customers: [{ x: 1, y: 1, q: 5 }, { x: 2, y: 2, q: -1 }] })));
    expect(e.field).toBe('customers[1].q');
  });

  it('when a satellite coordinate is not a number, then the error names it', () => {
    const e = errorOf(() => buildData(inst({ satellites: [{ x: Number.NaN, y: 0, handling: 0 }] })));
    expect(e.field).toBe('satellites[0].x');
  });

  it('when no budget is given, then the error names options', () => {
    const d = buildData(inst());
    expect(errorOf(() => solveTwoEchelon(d, { seed: 1 })).field).toBe('options');
    expect(errorOf(() => solveTwoEchelon(d, { maxIterations: -1 })).field).toBe('options.maxIterations');
  });

  it('when the input is valid, then the search returns a feasible solution', () => {
    const sol = solveTwoEchelon(buildData(inst()), { seed: 1, maxIterations: 50 });
    expect(sol.feasible).toBe(true);
  });
});
