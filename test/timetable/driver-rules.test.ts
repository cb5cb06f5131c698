import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, TravelMatrix } from '../../src/domain/dataset.ts';
import type { Line, Timetable } from '../../src/domain/timetable.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../../src/network/travel-matrix.ts';
import { DEFAULT_PLAN_SETTINGS, planTimetable } from '../../src/timetable/index.ts';
import { vehicleClass } from '../../src/timetable/settings.ts';
import { checkTimetable } from './checker.ts';
import { CHINA_DRIVER_RULES, checkDriverRules } from './driver-rules-checker.ts';

const ROOT = join(import.meta.dirname, '../../data/counties');
const COUNTIES = ['630123-huangyuan', '632223-haiyan', '632322-jianzha', '632722-zaduo', '632725-nangqian'];
const ITER = 30;

const loaded = new Map<string, { ds: Dataset; m: TravelMatrix }>();
beforeAll(async () => {
  for (const slug of COUNTIES) {
    const ds = await loadDataset(join(ROOT, slug));
    loaded.set(slug, { ds, m: await loadTravelMatrix(ds, join(ROOT, slug)) });
  }
});

const shiftLimits = (ds: Dataset) => {
  const byId = new Map(ds.fleet.map((v) => [v.id, DEFAULT_PLAN_SETTINGS.shiftLimitMinutes[vehicleClass(v, ds.warehouseId)]]));
  return (id: string): number | undefined => byId.get(id);
};

describe('driver rules (independent checker on the plan JSON)', () => {
  for (const slug of COUNTIES) {
    it(`${slug}: every vehicle-day drives <= 4 h between 20-min breaks, <= 8 h a day, within its on-duty limit`, async () => {
      const { ds, m } = loaded.get(slug)!;
      const tt = await planTimetable(ds, m, { patternSweep: 'county' }, { seed: 1, iterations: ITER });
      expect(checkDriverRules(tt, { ...CHINA_DRIVER_RULES, shiftLimitOf: shiftLimits(ds) })).toEqual([]);
      expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
    });
  }

  it('tighter settings are kept too (3 h continuous, 30-min breaks, 6 h a day, 8 h on duty)', async () => {
    const { ds, m } = loaded.get('632725-nangqian')!;
    const S = { maxContinuousDrivingMinutes: 180, minBreakMinutes: 30, maxDailyDrivingMinutes: 360, shiftLimitMinutes: { truck: 480, van: 480, reefer: 480 } };
    const tt = await planTimetable(ds, m, { ...S, patternSweep: 'county' }, { seed: 1, iterations: ITER });
    expect(checkDriverRules(tt, { maxContinuousMinutes: 180, minBreakMinutes: 30, maxDailyMinutes: 360, shiftLimitOf: () => 480 })).toEqual([]);
    expect(checkTimetable(ds, m, tt, { ...DEFAULT_PLAN_SETTINGS, ...S })).toEqual([]);
    // the far villages need breaks: they show in the timetable
    expect(tt.lines.some((l) => l.stops.some((s) => s.kind === 'break'))).toBe(true);
  });

  it('the checker catches a long stretch, a short break and too much driving in a day', () => {
    const stop = (node: string, arrive: string, depart: string, kind?: 'break'): Line['stops'][number] => ({ node, arrive, depart, ...(kind ? { kind } : {}) });
    const line = (id: string, stops: Line['stops']): Line => ({ id, tier: 'direct', vehicle: 'V', weekdays: ['mon'], stops, km: 0, minutes: 0, loadKg: 0, loadM3: 0 });
    const tt = (lines: Line[]): Timetable => ({ county: 'x', dataset: 'x', generatedAt: '', seed: 1, settings: {}, lines, busLegs: [], villages: [], totals: { vehicles: 1, kmPerWeek: 0, vehicleHoursPerWeek: 0, costPerWeek: 0, busFeesPerWeek: 0 } });
    // 08:00 -> 11:00 drive, 10 min stop, 11:10 -> 12:20 drive: 250 min without a break
    const long = line('L', [stop('W', '08:00', '08:00'), stop('A', '11:00', '11:10'), stop('W', '12:20', '12:20')]);
    expect(checkDriverRules(tt([long]))).toEqual([expect.stringContaining('drives 250 min without a 20-min break')]);
    // the same with a 20-min break at A is fine; with a 15-min one it is not
    const ok = line('L', [stop('W', '08:00', '08:00'), stop('A', '11:00', '11:10'), stop('A', '11:10', '11:30', 'break'), stop('W', '12:40', '12:40')]);
    expect(checkDriverRules(tt([ok]))).toEqual([]);
    const short = line('L', [stop('W', '08:00', '08:00'), stop('A', '11:00', '11:10'), stop('A', '11:10', '11:25', 'break'), stop('W', '12:35', '12:35')]);
    expect(checkDriverRules(tt([short])).join()).toContain('lasts 15 min');
    // two lines 10 min apart at the depot: the stretch goes on; 20 min apart: it is a rest
    const a = line('A1', [stop('W', '08:00', '08:00'), stop('A', '09:00', '09:10'), stop('W', '10:10', '10:10')]);
    const b = (dep: string, arr: string): Line => line('A2', [stop('W', dep, dep), stop('B', arr, arr), stop('W', arr, arr)]);
    expect(checkDriverRules(tt([a, b('10:20', '12:30')])).join()).toContain('without a 20-min break');
    expect(checkDriverRules(tt([a, b('10:30', '12:40')]))).toEqual([]);
    // 9 h of driving in a day, with breaks
    const d1 = line('D1', [stop('W', '06:00', '06:00'), stop('A', '10:00', '10:00'), stop('A', '10:00', '10:20', 'break'), stop('W', '10:50', '10:50')]);
    const d2 = line('D2', [stop('W', '11:30', '11:30'), stop('A', '15:30', '15:30'), stop('A', '15:30', '15:50', 'break'), stop('W', '16:20', '16:20')]);
    expect(checkDriverRules(tt([d1, d2])).join()).toContain('drives 540 min in the day');
    expect(checkDriverRules(tt([d1, d2]), { ...CHINA_DRIVER_RULES, maxDailyMinutes: 600, shiftLimitOf: () => 600 }).join()).toContain('on duty 620 min');
  });
});
