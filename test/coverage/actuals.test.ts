/** Actual (scan-based) coverage figures on the `tiny` county over two weeks, worked out by hand. */
import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../src/coverage/index.ts';
import { tinyActuals, tinyDataset, tinyTimetable } from './fixture.ts';

describe('actual coverage from scans', () => {
  const report = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable(), actuals: tinyActuals });
  const c = report.counties[0]!;

  it('measures lead time from the warehouse to delivery over parcels that reached the warehouse in the period', () => {
    expect(report.period).toEqual({ from: tinyActuals.from, to: tinyActuals.to });
    expect(c.actual?.parcelsDown).toBe(4);
    expect(c.actual?.delivered).toBe(3);
    expect(c.actual?.leadTime).toEqual({ n: 3, mean: 30, p50: 26, p95: 54 });
  });

  it('counts undelivered parcels as late in the 24 h and 48 h shares', () => {
    expect(c.actual?.within24h).toEqual({ num: 1, den: 4, rate: 0.25 });
    expect(c.actual?.within48h).toEqual({ num: 2, den: 4, rate: 0.5 });
  });

  it('counts pickups per week and distinct village-days (Beijing time) with a pickup', () => {
    // 4 pickups in 2 weeks; village-days A1 11-02, A1 11-03, B1 11-09.
    expect(c.actual?.pickupsPerWeek).toBe(2);
    expect(c.actual?.pickupVisitsPerWeek).toBe(1.5);
  });

  it('splits by township', () => {
    const a = c.townships.find((t) => t.code === '630123100')!;
    expect(a.actual?.parcelsDown).toBe(2);
    expect(a.actual?.within24h.rate).toBe(0.5);
    expect(a.actual?.within48h.rate).toBe(1);
    const empty = c.townships.find((t) => t.code === '630123300')!;
    expect(empty.actual?.parcelsDown).toBe(0);
    expect(empty.actual?.within24h.rate).toBeNull();
  });

  it('reports pickups as not measured (null) when the source records no upward parcels', () => {
    const r = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable(), actuals: { ...tinyActuals, upward: false } });
    expect(r.counties[0]!.actual).toMatchObject({ parcelsDown: 4, pickupsPerWeek: null, pickupVisitsPerWeek: null });
    expect(r.total.actual?.pickupsPerWeek).toBeNull();
  });

  it('is null when no scan data is given', () => {
    expect(computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable() }).counties[0]!.actual).toBeNull();
  });
});
