import { describe, expect, it } from 'vitest';
import {
  daysCarried,
  meanLeadTimeHours,
  patternFamily,
  peakDaysCarried,
  roundUpFrequency,
  shiftSlots,
  sweepSplit,
} from '../../solver/tiers/index.ts';

const MON_SAT = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

describe('weekday patterns', () => {
  it('partition Mon–Sat into Mon-Wed-Fri / Tue-Thu-Sat at 3 a week and Mon-Thu / Tue-Fri / Wed-Sat at 2', () => {
    expect(patternFamily(MON_SAT, 3)).toEqual([['mon', 'wed', 'fri'], ['tue', 'thu', 'sat']]);
    expect(patternFamily(MON_SAT, 2)).toEqual([['mon', 'thu'], ['tue', 'fri'], ['wed', 'sat']]);
    expect(() => patternFamily(MON_SAT, 4)).toThrow(/divide/);
  });

  it('round a required frequency up to one the service days support', () => {
    expect(roundUpFrequency(2, 6)).toBe(2);
    expect(roundUpFrequency(4, 6)).toBe(6);
    expect(roundUpFrequency(4, 5)).toBe(5);
  });

  it('count the calendar days of demand each visit carries (Sunday included)', () => {
    expect(daysCarried(['mon', 'wed', 'fri'])).toEqual([3, 2, 2]);
    expect(peakDaysCarried(MON_SAT)).toBe(2);
    expect(peakDaysCarried(['thu'])).toBe(7);
  });

  it('mean lead time of a Mon-Wed-Fri village reached at 11:00 with a 07:30 cut-off is 19.5 h', () => {
    const visits = new Map([['mon', 660], ['wed', 660], ['fri', 660]]);
    expect(meanLeadTimeHours(visits, MON_SAT, 450)).toBeCloseTo(19.5, 9);
    // a visit before the cut-off only serves the next week's parcels
    expect(meanLeadTimeHours(new Map([['mon', 400]]), ['mon'], 450)).toBeCloseTo((7 * 24 * 60 - 50) / 60, 9);
  });

  it('sweep split gives contiguous sectors of about equal weight', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ angle: (i / 12) * 2 * Math.PI - Math.PI, weight: 1 }));
    const g = sweepSplit(items, 3);
    expect([0, 1, 2].map((k) => g.filter((x) => x === k).length)).toEqual([4, 4, 4]);
    // contiguous: the group changes at most 3 times around the circle
    let changes = 0;
    for (let i = 0; i < 12; i++) if (g[i] !== g[(i + 1) % 12]) changes++;
    expect(changes).toBeLessThanOrEqual(3);
  });

  it('cuts a shift into consecutive non-overlapping slots', () => {
    expect(shiftSlots(450, 1110, 2)).toEqual([[450, 780], [780, 1110]]);
    expect(shiftSlots(600, 600, 2)).toEqual([]);
  });
});
