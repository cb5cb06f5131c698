/** The benchmark file formats used by `rural-dispatch solve/bench` and their independent checkers. */
import { describe, expect, it } from 'vitest';
import { checkSolomon, parseSolomon, solomonToProblem } from '../../src/cli/formats/solomon.ts';
import { checkLilim, parseLilim } from '../../src/cli/formats/lilim.ts';
import { ValidationError } from '../../src/errors.ts';

const SOLOMON = [
  'TINY',
  '',
  'VEHICLE',
  'NUMBER     CAPACITY',
  '  2         10',
  '',
  'CUSTOMER',
  'CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME',
  '',
  '    0      0         0          0          0       100          0',
  '    1      3         4          6          0        50          1',
  '    7      0         2          6         10        20          1',
].join('\r\n');

describe('Solomon format', () => {
  it('when a CRLF file is parsed, then the depot, customers and fleet are read', () => {
    const inst = parseSolomon(SOLOMON);
    expect(inst).toMatchObject({ name: 'TINY', vehicles: 2, capacity: 10 });
    expect(inst.sites.map((s) => s.id)).toEqual([0, 1, 7]);
    const p = solomonToProblem(inst, 'distance');
    expect(p.jobs.map((j) => j.id)).toEqual(['1', '7']);
    expect(p.distance[1]).toBe(5);
  });

  it('when routes break capacity, a window or coverage, then the checker says so', () => {
    const inst = parseSolomon(SOLOMON);
    expect(checkSolomon(inst, [[1], [7]])).toMatchObject({ feasible: true, distance: 14 });
    const overload = checkSolomon(inst, [[7, 1]]);
    expect(overload.feasible).toBe(false);
    expect(overload.errors.join()).toMatch(/load 12 > capacity 10/);
    expect(checkSolomon(inst, [[1]]).errors).toEqual(['customer 7 not served']);
  });

  it('when the file has no CUSTOMER section, then a validation error names it', () => {
    expect(() => parseSolomon('X\nVEHICLE\n2 10\n')).toThrow(ValidationError);
  });
});

describe('Li & Lim format', () => {
  const LILIM = ['2\t10\t1', '0\t0\t0\t0\t0\t100\t0\t0\t0', '1\t3\t4\t5\t0\t50\t0\t0\t2', '2\t0\t2\t-5\t0\t60\t0\t1\t0'].join('\n');
  it('when a pair is delivered before it is picked up, then the checker rejects it', () => {
    const inst = parseLilim(LILIM, 'tiny.txt');
    expect(checkLilim(inst, [[1, 2]]).feasible).toBe(true);
    const bad = checkLilim(inst, [[2, 1]]);
    expect(bad.feasible).toBe(false);
    expect(bad.errors.join()).toMatch(/before\/without pickup/);
  });
});
