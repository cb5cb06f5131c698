/** Daily dispatch schedule arithmetic in the county's time zone. */
import { describe, expect, it } from 'vitest';
import { cronOf, nextDailyFire, serviceDate } from '../../src/queue/schedule-time.ts';

const sh = (time: string) => ({ county: '630123', time, timeZone: 'Asia/Shanghai' });

describe('daily schedule time', () => {
  it('when the local time is still ahead today, then it fires today', () => {
    // 2026-11-27 08:00 in Xining (UTC+8) → 09:15 local is 01:15 UTC the same day.
    expect(new Date(nextDailyFire(sh('09:15'), Date.parse('2026-11-27T00:00:00Z'))).toISOString()).toBe('2026-11-27T01:15:00.000Z');
  });

  it('when the local time has passed today, then it fires tomorrow', () => {
    expect(new Date(nextDailyFire(sh('06:30'), Date.parse('2026-11-27T00:00:00Z'))).toISOString()).toBe('2026-11-27T22:30:00.000Z');
  });

  it('when it is exactly the scheduled minute, then the next fire is a day later (no double fire)', () => {
    expect(new Date(nextDailyFire(sh('08:00'), Date.parse('2026-11-27T00:00:00Z'))).toISOString()).toBe('2026-11-28T00:00:00.000Z');
  });

  it('when a zone has daylight saving, then the local wall time is kept across the change', () => {
    const ny = { county: '630123', time: '06:00', timeZone: 'America/New_York' };
    // 2026-11-01 is the end of DST in New York: 06:00 EST = 11:00 UTC (10:00 UTC the day before).
    expect(new Date(nextDailyFire(ny, Date.parse('2026-10-31T12:00:00Z'))).toISOString()).toBe('2026-11-01T11:00:00.000Z');
  });

  it('gives the service date in the county zone and the BullMQ cron pattern', () => {
    expect(serviceDate(Date.parse('2026-11-27T20:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-28');
    expect(serviceDate(Date.parse('2026-11-27T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-11-27');
    expect(cronOf(sh('06:05'))).toBe('5 6 * * *');
    expect(() => cronOf(sh('6:05'))).toThrow(/time/);
  });
});
