/** The county clock: ISO round trips in any offset, and HH:MM with the carry into the hour. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  checkInstant,
  countyClock,
  countyTimeOn,
  daysBetween,
  formatInstant,
  formatMinutes,
  minutesOfDay,
  parseInstant,
  parseMinutes,
  serviceDateOf,
} from '../../src/domain/time.ts';
import { ValidationError } from '../../src/errors.ts';

const MIN = Date.UTC(2000, 0, 2);
const MAX = Date.UTC(2100, 11, 30);
/** Whole-second instants in the accepted range. */
const instant = fc.integer({ min: MIN / 1000, max: MAX / 1000 }).map((s) => s * 1000);
/** UTC offsets in quarter hours, -12:00..+14:00. */
const offsetMinutes = fc.integer({ min: -48, max: 56 }).map((q) => q * 15);

function withOffset(ms: number, off: number): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const local = new Date(ms + off * 60_000).toISOString().slice(0, 19);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

describe('instants', () => {
  it('parse(format(t)) = t, and format always writes county time with +08:00', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const s = formatInstant(t);
        expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        expect(parseInstant(s)).toBe(t);
        expect(Date.parse(s)).toBe(t);
      }),
    );
  });

  it('the same instant written in any offset normalises to the same county time', () => {
    fc.assert(
      fc.property(instant, offsetMinutes, (t, off) => {
        expect(parseInstant(withOffset(t, off))).toBe(t);
        expect(formatInstant(withOffset(t, off))).toBe(formatInstant(t));
      }),
    );
  });

  it('a timestamp without offset is county time; Z and +0800 spellings are read', () => {
    expect(formatInstant(parseInstant('2026-12-03T06:00')!)).toBe('2026-12-03T06:00:00+08:00');
    expect(formatInstant(parseInstant('2026-12-03T06:00+08:00')!)).toBe('2026-12-03T06:00:00+08:00');
    expect(formatInstant(parseInstant('2026-12-02T22:00:00.000Z')!)).toBe('2026-12-03T06:00:00+08:00');
    expect(formatInstant(parseInstant('2026-12-03 06:00:00+0800')!)).toBe('2026-12-03T06:00:00+08:00');
    expect(formatInstant(parseInstant('2026-12-03')!)).toBe('2026-12-03T00:00:00+08:00');
  });

  it('refuses year-0001 style and out-of-range values with a reason naming the field', () => {
    for (const bad of ['0001-01-01T00:00', '1899-12-31', '2201-01-01', '2026-02-30', '2026-13-01', '2026-12-03T24:00', '2026-12-03T06:00+15:00', 'tomorrow']) {
      expect(parseInstant(bad), bad).toBeNull();
    }
    try {
      checkInstant('readyAt', '0001-01-01T00:00');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).message).toMatch(/readyAt.*year between 2000 and 2100/);
    }
  });

  it('serviceDateOf and minutesOfDay agree with countyTimeOn', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const d = serviceDateOf(t);
        const m = minutesOfDay(d, t);
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThan(1440);
        expect(countyTimeOn(d, formatMinutes(Math.floor(m)))).toBe(t - (t % 60_000));
        expect(formatInstant(t).slice(0, 10)).toBe(d);
      }),
    );
  });

  it('a county clock of another fixed-offset zone writes that offset; zones with daylight saving are refused', () => {
    const kabul = countyClock('Asia/Kabul');
    expect(kabul.offset).toBe('+04:30');
    expect(formatInstant(Date.UTC(2026, 11, 3, 0, 0), kabul)).toBe('2026-12-03T04:30:00+04:30');
    expect(countyClock(undefined).offset).toBe('+08:00');
    expect(() => countyClock('Europe/Berlin')).toThrow(/daylight saving/);
    expect(() => countyClock('Mars/Olympus')).toThrow(/IANA/);
  });
});

describe('service dates', () => {
  it('addDays and daysBetween are inverse', () => {
    const date = fc.integer({ min: 0, max: 36_000 }).map((d) => new Date(Date.UTC(2000, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -400, max: 400 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
    );
  });
});

describe('HH:MM', () => {
  it('rounds to the nearest minute and carries into the hour (479.6 is 08:00, never 07:60)', () => {
    expect(formatMinutes(479.6)).toBe('08:00');
    expect(formatMinutes(479.4)).toBe('07:59');
    expect(formatMinutes(59.5)).toBe('01:00');
    expect(formatMinutes(1510)).toBe('25:10');
    expect(() => formatMinutes(-1)).toThrow(RangeError);
  });

  it('always prints minutes 00-59 and lands within half a minute of the value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 2879, noNaN: true }), (x) => {
        const s = formatMinutes(x);
        expect(s).toMatch(/^\d{2}:[0-5]\d$/);
        expect(Math.abs(parseMinutes(s) - x)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('whole minutes round-trip', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2879 }), (m) => {
      expect(parseMinutes(formatMinutes(m))).toBe(m);
    }));
  });
});
