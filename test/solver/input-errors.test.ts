/** Bad input is a typed `SolverInputError` naming the field and the rule. */
import { describe, expect, it } from 'vitest';
import { solve, SolverInputError, type ProblemInput } from '../../solver/index.ts';
import { delivery, problem } from './fixtures.ts';

const base = (): ProblemInput => problem([[0, 0], [1, 0], [2, 0]], [delivery('a', 1), delivery('b', 2)]);

function errorOf(input: ProblemInput, opts: Parameters<typeof solve>[1] = { maxIterations: 10 }): SolverInputError {
  try {
    solve(input, opts);
  } catch (e) {
    if (e instanceof SolverInputError) return e;
    throw e;
  }
  throw new Error('expected a SolverInputError');
}

describe('solve input validation', () => {
  it('when a demand is negative, then the error names jobs[i].demand[d]', () => {
    const input = base();
    const e = errorOf({ ...input, jobs: [input.jobs[0]!, { ...input.jobs[1]!, demand: [-1] }] });
    expect(e.field).toBe('jobs[1].demand[0]');
    expect(e.reason).toMatch(/>= 0/);
  });

  it('when a window ends before it starts, then the error names the window', () => {
    const input = base();
    const e = errorOf({ ...input, jobs: [{ ...input.jobs[0]!, timeWindows: [[10, 5]] }] });
    expect(e.field).toBe('jobs[0].timeWindows[0]');
    expect(e.reason).toMatch(/end 5 < start 10/);
  });

  it('when a vehicle starts at an unknown depot, then the error names vehicleTypes[i].startLocation', () => {
    const input = base();
    const e = errorOf({ ...input, vehicleTypes: [{ ...input.vehicleTypes[0]!, startLocation: 9 }] });
    expect(e.field).toBe('vehicleTypes[0].startLocation');
    expect(e.reason).toMatch(/unknown location/);
  });

  it('when a job refers to an unknown location, then the error names jobs[i].location', () => {
    const input = base();
    const e = errorOf({ ...input, jobs: [{ ...input.jobs[0]!, location: -1 }] });
    expect(e.field).toBe('jobs[0].location');
  });

  it('when a shipment delivery window is inverted, then the error names that end', () => {
    const input = base();
    const e = errorOf({
      ...input,
      shipments: [{ id: 's', pickup: { location: 1 }, delivery: { location: 2, timeWindows: [[3, 1]] }, demand: [1] }],
    });
    expect(e.field).toBe('shipments[0].delivery.timeWindows[0]');
  });

  it('when the matrix has the wrong size, then the error names distance', () => {
    const e = errorOf({ ...base(), distance: [0, 1] });
    expect(e.field).toBe('distance');
  });

  it('when a capacity has the wrong number of dimensions, then the error names it', () => {
    const input = base();
    const e = errorOf({ ...input, vehicleTypes: [{ ...input.vehicleTypes[0]!, capacity: [1, 2] }] });
    expect(e.field).toBe('vehicleTypes[0].capacity');
  });

  it('when no budget is given, then the error names options', () => {
    const e = errorOf(base(), {});
    expect(e.field).toBe('options');
  });
});
