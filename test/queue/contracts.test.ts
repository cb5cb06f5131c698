/** Job contracts: the dispatch-day payload accepts only days that exist. */
import { describe, expect, it } from 'vitest';
import { DispatchDayPayload, isCalendarDate } from '../../src/queue/contracts.ts';

describe('isCalendarDate', () => {
  it('when a day does not exist, then it is not a date (Date.parse would roll it over)', () => {
    expect(isCalendarDate('2026-11-31')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-05')).toBe(false);
  });

  it('when a day exists, then it is a date', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-12-31')).toBe(true);
  });

  it('when a dispatch job names 2026-11-31, then the payload is invalid', () => {
    expect(DispatchDayPayload.safeParse({ county: '630123', date: '2026-11-31' }).success).toBe(false);
    expect(DispatchDayPayload.safeParse({ county: '630123', date: '2026-11-30' }).success).toBe(true);
  });
});
