import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, TravelMatrix } from '../../src/domain/dataset.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../../src/network/travel-matrix.ts';
import { DEFAULT_PLAN_SETTINGS, planTimetable } from '../../src/timetable/index.ts';
import { checkTimetable } from './checker.ts';

const ROOT = join(import.meta.dirname, '../../data/counties');
const DEMO = ['630123-huangyuan', '632223-haiyan', '632322-jianzha'];
/** Plateau counties whose far townships a small fleet cannot all reach: unserved villages must carry a reason. */
const PLATEAU = ['632725-nangqian'];
const ITER = 100;

const loaded = new Map<string, { ds: Dataset; m: TravelMatrix }>();
beforeAll(async () => {
  for (const slug of [...DEMO, ...PLATEAU]) {
    const ds = await loadDataset(join(ROOT, slug));
    loaded.set(slug, { ds, m: await loadTravelMatrix(ds, join(ROOT, slug)) });
  }
});

function strip(tt: Timetable): Omit<Timetable, 'generatedAt'> {
  const { generatedAt: _g, ...rest } = tt;
  return rest;
}

describe('timetable planner on the demo counties (independent checker)', () => {
  for (const slug of DEMO) {
    it(`${slug}: every village meets the policy or is unserved with a reason; times, shifts, capacities, sync, cold chain and bus legs hold`, async () => {
      const { ds, m } = loaded.get(slug)!;
      // the largest county gets a smaller budget: the tests check validity, not quality
      const tt = await planTimetable(ds, m, {}, { seed: 1, iterations: slug === '630123-huangyuan' ? 50 : ITER });
      expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
      expect(tt.villages).toHaveLength(ds.nodes.filter((n) => n.kind === 'village_point').length);
      // most villages are served on road lines or buses
      const served = tt.villages.filter((v) => v.mode !== 'unserved').length;
      expect(served / tt.villages.length).toBeGreaterThan(0.8);
    });
  }

  it('632725-nangqian (plateau, 3 vehicles): the plan passes the checker; villages no run can reach are unserved with a reason', async () => {
    const { ds, m } = loaded.get('632725-nangqian')!;
    const tt = await planTimetable(ds, m, {}, { seed: 1, iterations: ITER });
    expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
    for (const v of tt.villages.filter((x) => x.mode === 'unserved')) expect(v.reason).toBeTruthy();
  });

  it('--no-bus and --all-direct plans pass the checker too', async () => {
    const { ds, m } = loaded.get('632322-jianzha')!;
    const nb = await planTimetable(ds, m, { patternSweep: 'pool' }, { seed: 2, iterations: ITER, noBus: true });
    expect(nb.busLegs).toEqual([]);
    expect(nb.villages.some((v) => v.mode === 'bus')).toBe(false);
    expect(checkTimetable(ds, m, nb, DEFAULT_PLAN_SETTINGS)).toEqual([]);
    const ad = await planTimetable(ds, m, { patternSweep: 'county' }, { seed: 2, iterations: ITER, allDirect: true });
    expect(ad.lines.some((l) => l.tier === 'feeder')).toBe(false);
    expect(checkTimetable(ds, m, ad, DEFAULT_PLAN_SETTINGS)).toEqual([]);
  });

  it('with every hub kept open (closeHubs: false), feeders wait for their trunk and pass the checker', async () => {
    const { ds, m } = loaded.get('632322-jianzha')!;
    const tt = await planTimetable(ds, m, { closeHubs: false }, { seed: 4, iterations: ITER });
    expect(tt.lines.filter((l) => l.tier === 'feeder').length).toBeGreaterThan(0);
    expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
  });

  it('with free buses, eligible villages ride GTFS trips and the legs pass the checker', async () => {
    const { ds, m } = loaded.get('632322-jianzha')!;
    const tt = await planTimetable(ds, m, { busFeePerTrip: 0 }, { seed: 3, iterations: ITER });
    expect(tt.busLegs.length).toBeGreaterThan(0);
    expect(tt.villages.filter((v) => v.mode === 'bus').length).toBeGreaterThan(0);
    expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
  });

  it('is deterministic for a seed and an iteration budget (apart from generatedAt)', async () => {
    const { ds, m } = loaded.get('632223-haiyan')!;
    const a = await planTimetable(ds, m, {}, { seed: 5, iterations: 100 });
    const b = await planTimetable(ds, m, {}, { seed: 5, iterations: 100 });
    expect(strip(a)).toEqual(strip(b));
  });

  it('reports progress that never goes backwards and ends at 1', async () => {
    const { ds, m } = loaded.get('632223-haiyan')!;
    const seen: number[] = [];
    await planTimetable(ds, m, {}, { seed: 1, iterations: 30, onProgress: (p) => seen.push(p.fraction) });
    const backwards = seen.filter((f, i) => i > 0 && f < seen[i - 1]! - 1e-12);
    expect(backwards).toEqual([]);
    expect(seen.at(-1)).toBe(1);
  });

  it('rejects invalid settings naming the field', async () => {
    const { ds, m } = loaded.get('632223-haiyan')!;
    await expect(planTimetable(ds, m, { transferMinutes: -5 }, { iterations: 10 })).rejects.toThrow(/transferMinutes/);
    await expect(planTimetable(ds, m, { cutoff: '7h30' }, { iterations: 10 })).rejects.toThrow(/cutoff/);
    await expect(planTimetable(ds, m, { cutoff: '25:99' }, { iterations: 10 })).rejects.toThrow(/cutoff/);
    await expect(planTimetable(ds, m, { transferMinuets: 5 } as never, { iterations: 10 })).rejects.toThrow(/transferMinuets: is not a planner setting/);
  });
});

describe('the checker catches broken timetables', () => {
  it('flags an early feeder, an overloaded line, chilled freight on an ambient vehicle and a bus leg on a trip that does not stop there', async () => {
    const { ds, m } = loaded.get('632322-jianzha')!;
    const tt = await planTimetable(ds, m, { closeHubs: false, patternSweep: 'pool' }, { seed: 1, iterations: 60 });
    const feeder = tt.lines.find((l) => l.tier === 'feeder')!;
    const trunk = tt.lines.find((l) => l.id === feeder.feedsFrom)!;
    const hubStop = trunk.stops.find((s) => s.node === feeder.stops[0]!.node)!;
    const early = { ...feeder, stops: feeder.stops.map((s, i) => (i === 0 ? { ...s, depart: hubStop.arrive } : s)) };
    const ambient = tt.lines.find((l) => !l.coldChain && l.stops.length > 3)!;
    const heavy = { ...ambient, stops: ambient.stops.map((s, i) => (i === 1 ? { ...s, dropKg: 5000, chilledKg: 3 } : s)) };
    const trip = ds.bus.trips[0]!;
    const notOnTrip = ds.nodes.find((n) => n.kind === 'village_point' && !trip.stopTimes.some((st) => ds.bus.stops.find((b) => b.stopId === st.stopId)?.nodeId === n.id))!;
    const broken: Timetable = {
      ...tt,
      lines: tt.lines.map((l) => (l.id === feeder.id ? early : l.id === ambient.id ? heavy : l)),
      busLegs: [...tt.busLegs, { tripId: trip.tripId, node: notOnTrip.id, weekdays: ['mon'], kg: 1, m3: 0.01, arrive: '09:00', feePerWeek: 5, direction: 'down' }],
    };
    const errs = checkTimetable(ds, m, broken, DEFAULT_PLAN_SETTINGS);
    expect(errs.some((e) => e.includes(feeder.id) && e.includes('before trunk'))).toBe(true);
    expect(errs.some((e) => e.includes(ambient.id) && e.includes('capacity'))).toBe(true);
    expect(errs.some((e) => e.includes(ambient.id) && e.includes('non-refrigerated'))).toBe(true);
    expect(errs.some((e) => e.includes(notOnTrip.id) && e.includes('does not stop'))).toBe(true);
  });

  it('flags a village served fewer days than the policy', async () => {
    const { ds, m } = loaded.get('632223-haiyan')!;
    const tt = await planTimetable(ds, m, {}, { seed: 1, iterations: 60 });
    const v = tt.villages.find((x) => x.mode === 'direct' || x.mode === 'feeder')!;
    const lines = tt.lines.map((l) => (l.stops.some((s) => s.node === v.code) && !l.coldChain ? { ...l, weekdays: l.weekdays.slice(0, 1) } : l));
    const errs = checkTimetable(ds, m, { ...tt, lines }, DEFAULT_PLAN_SETTINGS);
    expect(errs.some((e) => e.startsWith(`village ${v.code}: served`))).toBe(true);
  });
});
