/**
 * The timetable diff and the "not worse" rule on two small hand-made timetables. The expected diff
 * is written out by hand from the two timetables below (not computed by the code under test).
 */
import { describe, expect, it } from 'vitest';
import { diffTimetables, notWorseThan, villageSlot } from '../../src/domain/timetable-diff.ts';
import type { Line, Timetable, VillageService } from '../../src/domain/timetable.ts';
import { activationReason } from '../../src/queue/plan-results.ts';

const W = '630123';
const H = '630123100';
const [V1, V2, V3, V4] = ['630123100001', '630123100002', '630123100003', '630123100004'];

function line(id: string, weekdays: Line['weekdays'], stops: [string, string][], km: number): Line {
  return {
    id,
    tier: 'feeder',
    vehicle: 'C1',
    weekdays,
    stops: [[H, '09:00'] as [string, string], ...stops, [H, '12:00'] as [string, string]].map(([node, t]) => ({ node, arrive: t, depart: t })),
    km,
    minutes: 180,
    loadKg: 10,
    loadM3: 0.1,
  };
}

function village(code: string, mode: VillageService['mode'], weekdays: VillageService['weekdays'], lineId: string | null): VillageService {
  return { code, mode, weekdays, visitsPerWeek: weekdays.length, line: lineId, leadTimeHours: mode === 'unserved' ? null : 20 };
}

function timetable(lines: Line[], villages: VillageService[], cost: number, p50: number): Timetable {
  return {
    county: W,
    dataset: 'test',
    generatedAt: '2026-12-01T08:00:00+08:00',
    seed: 1,
    settings: {},
    lines,
    busLegs: [],
    villages,
    totals: { vehicles: lines.length, kmPerWeek: lines.reduce((s, l) => s + l.km * l.weekdays.length, 0), vehicleHoursPerWeek: 1, costPerWeek: cost, busFeesPerWeek: 0, leadTimeHoursP50: p50, leadTimeHoursP95: p50 + 4 },
  };
}

// Old: F1 (mon, thu) V1 10:00, V2 10:30; F2 (tue) V3 10:00; V4 unserved.
const OLD = timetable(
  [line('F1', ['mon', 'thu'], [[V1, '10:00'], [V2, '10:30']], 40), line('F2', ['tue'], [[V3, '10:00']], 30)],
  [village(V1, 'feeder', ['mon', 'thu'], 'F1'), village(V2, 'feeder', ['mon', 'thu'], 'F1'), village(V3, 'feeder', ['tue'], 'F2'), village(V4, 'unserved', [], null)],
  1000,
  20,
);
// New: F1 (mon, thu) V1 10:00, V2 10:45 (later); F3 (wed) V3 09:30, V4 10:15; F2 gone.
const NEW = timetable(
  [line('F1', ['mon', 'thu'], [[V1, '10:00'], [V2, '10:45']], 40), line('F3', ['wed'], [[V3, '09:30'], [V4, '10:15']], 35)],
  [village(V1, 'feeder', ['mon', 'thu'], 'F1'), village(V2, 'feeder', ['mon', 'thu'], 'F1'), village(V3, 'feeder', ['wed'], 'F3'), village(V4, 'feeder', ['wed'], 'F3')],
  1100,
  19,
);

describe('diffTimetables', () => {
  it('lists added/removed lines, only the villages that changed, and the figures before and after', () => {
    expect(diffTimetables(OLD, NEW)).toEqual({
      linesAdded: ['F3'],
      linesRemoved: ['F2'],
      villages: [
        { code: V2, before: { mode: 'feeder', weekdays: ['mon', 'thu'], arrivals: ['10:30'] }, after: { mode: 'feeder', weekdays: ['mon', 'thu'], arrivals: ['10:45'] } },
        { code: V3, before: { mode: 'feeder', weekdays: ['tue'], arrivals: ['10:00'] }, after: { mode: 'feeder', weekdays: ['wed'], arrivals: ['09:30'] } },
        { code: V4, before: { mode: 'unserved', weekdays: [], arrivals: [] }, after: { mode: 'feeder', weekdays: ['wed'], arrivals: ['10:15'] } },
      ],
      vehicles: { before: 2, after: 2 },
      kmPerWeek: { before: 110, after: 115 },
      costPerWeek: { before: 1000, after: 1100 },
      leadTimeHoursP50: { before: 20, after: 19 },
      leadTimeHoursP95: { before: 24, after: 23 },
      villagesServed: { before: 3, after: 4 },
      villagesUnserved: { before: 1, after: 0 },
    });
  });

  it('agrees with an independent comparison of the villages, and is empty against itself', () => {
    // Independent: compare per village the raw weekdays and the arrival at the village on its line.
    const arrive = (t: Timetable, code: string): string[] =>
      t.lines.flatMap((l) => l.stops.filter((s) => s.node === code).map((s) => s.arrive));
    const changed = OLD.villages
      .map((v) => v.code)
      .filter((c) => {
        const o = OLD.villages.find((v) => v.code === c)!;
        const n = NEW.villages.find((v) => v.code === c)!;
        return o.mode !== n.mode || o.weekdays.join() !== n.weekdays.join() || arrive(OLD, c).join() !== arrive(NEW, c).join();
      });
    expect(diffTimetables(OLD, NEW).villages.map((v) => v.code)).toEqual(changed);
    const same = diffTimetables(NEW, structuredClone(NEW));
    expect([same.linesAdded, same.linesRemoved, same.villages]).toEqual([[], [], []]);
    expect(villageSlot(NEW, '630123999999')).toBeNull();
  });
});

describe('notWorseThan and the activation decision', () => {
  const poor = new Set([V4]);
  it('orders by served villages, then poor villages served, then cost', () => {
    // NEW serves 4 villages vs 3: better although it costs more.
    expect(notWorseThan(NEW, OLD, poor)).toBe(true);
    expect(notWorseThan(OLD, NEW, poor)).toBe(false);
    // Same served count: the one serving the poor village wins over a cheaper one.
    const servesV1NotV4 = { ...NEW, villages: [...NEW.villages.slice(0, 3), village(V4, 'unserved', [], null)], totals: { ...NEW.totals, costPerWeek: 500 } };
    const servesV4NotV1 = { ...NEW, villages: [village(V1, 'unserved', [], null), ...NEW.villages.slice(1)], totals: { ...NEW.totals, costPerWeek: 900 } };
    expect(notWorseThan(servesV4NotV1, servesV1NotV4, poor)).toBe(true);
    expect(notWorseThan(servesV1NotV4, servesV4NotV1, poor)).toBe(false);
    // Equal on served and poor: cheaper wins, equal cost is not worse.
    const cheaper = { ...NEW, totals: { ...NEW.totals, costPerWeek: 1099 } };
    expect(notWorseThan(cheaper, NEW, poor)).toBe(true);
    expect(notWorseThan(NEW, cheaper, poor)).toBe(false);
    expect(notWorseThan(NEW, structuredClone(NEW), poor)).toBe(true);
  });

  it('activates the first timetable of a county, and with autoActivate only a draft that is not worse', () => {
    expect(activationReason(OLD, null, false, poor)).toMatch(/first/);
    expect(activationReason(NEW, OLD, false, poor)).toBeNull();
    expect(activationReason(NEW, OLD, true, poor)).toMatch(/autoActivate/);
    expect(activationReason(OLD, NEW, true, poor)).toBeNull();
  });
});
