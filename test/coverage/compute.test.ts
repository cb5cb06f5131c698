/**
 * Coverage metrics on the hand-made `tiny` county (test/coverage/fixture.ts): every expected figure
 * below is worked out by hand from the fixture's table.
 */
import { describe, expect, it } from 'vitest';
import {
  computeCoverage,
  computeProvinceCoverage,
  frequencyBand,
  leadTimeStats,
  nearestRank,
  type CountyCoverage,
  type TownshipCoverage,
} from '../../src/coverage/index.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { makeDataset, tinyDataset, tinyTimetable } from './fixture.ts';

function county(): CountyCoverage {
  const r = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable() });
  expect(r.counties).toHaveLength(1);
  return r.counties[0]!;
}

function township(c: CountyCoverage, code: string): TownshipCoverage {
  const t = c.townships.find((x) => x.code === code);
  if (!t) throw new Error(`no township ${code}`);
  return t;
}

describe('station coverage', () => {
  it('counts villages with a station over all administrative villages, communities excluded', () => {
    const c = county();
    expect(c.villages).toBe(6);
    expect(c.stations).toEqual({ num: 3, den: 6, rate: 0.5 });
    expect(c.poorVillages).toBe(3);
    expect(c.poorStations).toEqual({ num: 2, den: 3, rate: 2 / 3 });
  });

  it('when a village has no station, then it is in the denominator but not the numerator', () => {
    const a = township(county(), '630123100');
    // A1 and A3 have stations, A2 and A4 do not.
    expect(a.stations).toEqual({ num: 2, den: 4, rate: 0.5 });
    expect(a.poorStations).toEqual({ num: 1, den: 2, rate: 0.5 });
  });

  it('meets the 50% target at exactly 50% and misses it below', () => {
    const c = county();
    expect(c.stationTargetMet).toBe(true);
    expect(c.poorStationTargetMet).toBe(true);
    const strict = computeCoverage({ dataset: tinyDataset(), timetable: tinyTimetable() }, { target: 0.7 }).counties[0]!;
    expect(strict.stationTargetMet).toBe(false);
    expect(strict.poorStationTargetMet).toBe(false);
  });

  it('reports communities (居委会) apart from villages', () => {
    const c = county();
    expect(c.communities.villages).toBe(1);
    expect(c.communities.stations).toEqual({ num: 1, den: 1, rate: 1 });
    expect(township(c, '630123100').communities).toBe(1);
    expect(c.villageRows.filter((r) => r.community).map((r) => r.code)).toEqual(['630123100201']);
  });

  it('when a township has no villages, then its rates are null, not 0 or 100%', () => {
    const t = township(county(), '630123300');
    expect(t.villages).toBe(0);
    expect(t.stations).toEqual({ num: 0, den: 0, rate: null });
    expect(t.stationTargetMet).toBeNull();
    expect(t.service?.all.rate).toBeNull();
    expect(t.service?.bands).toEqual({ daily: 0, d3to6: 0, d1to2: 0, none: 0 });
    expect(t.plannedLeadTime).toEqual({ n: 0, mean: null, p50: null, p95: null });
    expect(t.planned?.busShare).toBeNull();
  });
});

describe('scheduled-service coverage', () => {
  it('counts villages reached at least one day a week, for all and for poor villages', () => {
    const c = county();
    expect(c.service?.all).toEqual({ num: 5, den: 6, rate: 5 / 6 });
    expect(c.service?.poor).toEqual({ num: 3, den: 3, rate: 1 });
  });

  it('bands villages by distinct service days: 6 days is not daily', () => {
    const c = county();
    expect(c.service?.bands).toEqual({ daily: 3, d3to6: 1, d1to2: 1, none: 1 });
    expect(c.service?.poorBands).toEqual({ daily: 2, d3to6: 1, d1to2: 0, none: 0 });
    const b1 = c.villageRows.find((r) => r.code === '630123200001')!;
    expect(b1.daysPerWeek).toBe(6);
    expect(b1.band).toBe('d3to6');
    expect([0, 1, 2, 3, 6, 7].map(frequencyBand)).toEqual(['none', 'd1to2', 'd1to2', 'd3to6', 'd3to6', 'daily']);
  });

  it('when a village is reached only by bus, then it is served, in its band, and counted bus-only', () => {
    const c = county();
    const a3 = c.villageRows.find((r) => r.code === '630123100003')!;
    expect(a3).toMatchObject({ via: 'bus', daysPerWeek: 2, band: 'd1to2', visitsPerWeek: 2, busVisitsPerWeek: 2 });
    expect(c.service?.busOnly).toBe(1);
    const b2 = c.villageRows.find((r) => r.code === '630123200002')!;
    // Six feeder days plus the Sunday bus make B2 daily, by line and bus.
    expect(b2).toMatchObject({ via: 'line+bus', daysPerWeek: 7, band: 'daily', visitsPerWeek: 7, busVisitsPerWeek: 1 });
    expect(b2.weekdays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });

  it('without a timetable, service figures are null rather than zero', () => {
    const c = computeCoverage({ dataset: tinyDataset() }).counties[0]!;
    expect(c.stations.rate).toBe(0.5);
    expect(c.service).toBeNull();
    expect(c.plannedLeadTime).toBeNull();
    expect(c.cost).toBeNull();
  });

  it('warns when the timetable declares a village served that no line or bus leg reaches', () => {
    const tt = tinyTimetable();
    const broken: Timetable = { ...tt, busLegs: tt.busLegs.filter((l) => l.node !== '630123100003') };
    const r = computeCoverage({ dataset: tinyDataset(), timetable: broken });
    expect(r.counties[0]!.villageRows.find((v) => v.code === '630123100003')!.band).toBe('none');
    expect(r.warnings.some((w) => w.includes('630123100003'))).toBe(true);
    expect(computeCoverage({ dataset: tinyDataset(), timetable: tt }).warnings).toEqual([]);
  });
});

describe('what is not delivery service', () => {
  const A1 = '630123100001';
  const A4 = '630123100004';
  const B1 = '630123200001';
  const row = (tt: Timetable, code: string) => computeCoverage({ dataset: tinyDataset(), timetable: tt }).counties[0]!.villageRows.find((r) => r.code === code)!;

  it('when the timetable declares a village unserved, then a line stopping there does not make it served', () => {
    const tt = tinyTimetable();
    const withStop: Timetable = { ...tt, lines: tt.lines.map((l) => (l.id === 'F1' ? { ...l, stops: [...l.stops.slice(0, -1), { node: A4, arrive: '11:00', depart: '11:00' }, l.stops.at(-1)!] } : l)) };
    const r = computeCoverage({ dataset: tinyDataset(), timetable: withStop });
    expect(r.counties[0]!.villageRows.find((v) => v.code === A4)!.band).toBe('none');
    expect(r.warnings).toEqual([expect.stringContaining(`${A4} is declared unserved but F1 reaches it`)]);
  });

  it('when only a cold-chain run reaches a village, then it is unserved, and cold-chain runs add no delivery days', () => {
    const tt = tinyTimetable();
    const cold = { id: 'C1', tier: 'direct' as const, vehicle: 'fridge', weekdays: ['wed' as const], km: 80, minutes: 120, loadKg: 50, loadM3: 0.5, coldChain: true, stops: ['630123', A4, B1, '630123'].map((node) => ({ node, arrive: '12:00', depart: '12:00' })) };
    const withCold: Timetable = { ...tt, lines: [...tt.lines, cold] };
    expect(row(withCold, A4)).toMatchObject({ band: 'none', visitsPerWeek: 0, coldChainVisitsPerWeek: 1, via: 'none' });
    expect(row(withCold, B1)).toMatchObject({ daysPerWeek: 6, visitsPerWeek: 6, coldChainVisitsPerWeek: 1 });
    expect(computeCoverage({ dataset: tinyDataset(), timetable: withCold }).warnings).toEqual([]);
  });

  it("treats a village's chilledLine as cold chain for it even when the line is not flagged", () => {
    const tt = tinyTimetable();
    const unflagged = { ...tt.lines[2]!, id: 'C2', weekdays: ['sun' as const] };
    const withChilled: Timetable = {
      ...tt,
      lines: [...tt.lines, unflagged],
      villages: tt.villages.map((v) => (v.code === B1 ? { ...v, chilledLine: 'C2', chilledWeekdays: ['sun'] } : v)),
    } as Timetable;
    expect(row(withChilled, B1)).toMatchObject({ daysPerWeek: 6, coldChainVisitsPerWeek: 1 });
  });

  it('counts an up-only bus leg as pickups, not as delivery days', () => {
    const tt = tinyTimetable();
    const upLeg = { tripId: 'T-east', node: A1, weekdays: ['mon' as const, 'tue' as const], kg: 3, m3: 0.01, arrive: '15:00', feePerWeek: 2, direction: 'up' as const };
    const withUp: Timetable = { ...tt, busLegs: [...tt.busLegs, upLeg] };
    expect(row(withUp, A1)).toMatchObject({ daysPerWeek: 7, visitsPerWeek: 7, busVisitsPerWeek: 0, pickupVisitsPerWeek: 9, busPickupVisitsPerWeek: 2, via: 'line' });
    const p = computeCoverage({ dataset: tinyDataset(), timetable: withUp }).counties[0]!.planned!;
    // A1's 7 upward parcels split 2/9 onto the bus: 8 + 7 * 2/9.
    expect(p.busParcelsPerWeek).toBeCloseTo(8 + (7 * 2) / 9, 10);
    expect(p.pickupVisitsPerWeek).toBe(15);
  });
});

describe('planned lead time', () => {
  it('takes mean and nearest-rank p50/p95 over served villages', () => {
    // County villages served: A1 3, A2 4, A3 10, B1 5, B2 6 (A4 unserved; K1 is a community).
    expect(county().plannedLeadTime).toEqual({ n: 5, mean: 5.6, p50: 5, p95: 10 });
    expect(township(county(), '630123100').plannedLeadTime).toEqual({ n: 3, mean: 17 / 3, p50: 4, p95: 10 });
  });

  it('nearest rank picks observed values', () => {
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    expect(nearestRank([7], 95)).toBe(7);
    expect(leadTimeStats([])).toEqual({ n: 0, mean: null, p50: null, p95: null });
  });
});

describe('planned flows and cost', () => {
  it('counts weekly parcels of served villages, the bus share, and pickups offered', () => {
    const p = county().planned!;
    // Served: A1 (2+1)*7=21, A2 7, A3 7, B1 (2+2)*7=28, B2 7 → 70; unserved A4 (3+1)*7 = 28.
    expect(p.parcelsPerWeek).toBe(70);
    expect(p.unservedParcelsPerWeek).toBe(28);
    // A3 all by bus (7); B2 one visit in seven by bus (7 * 1/7 = 1).
    expect(p.busParcelsPerWeek).toBeCloseTo(8, 10);
    expect(p.busShare).toBeCloseTo(8 / 70, 10);
    // Served villages with upward demand: A1 (7 visits), B1 (6 visits); A4 has some but is unserved.
    expect(p.pickupVillages).toBe(2);
    expect(p.pickupVisitsPerWeek).toBe(13);
    expect(p.parcelsUpPerWeek).toBe(21);
  });

  it('divides line cost plus bus fees and weekly km by all parcels carried, communities included', () => {
    const cost = county().cost!;
    // 70 village parcels + K1 4*7 = 28 → 98 parcels a week.
    expect(cost.parcelsPerWeek).toBe(98);
    expect(cost.costPerWeek).toBe(730);
    expect(cost.costPerParcel).toBeCloseTo(730 / 98, 10);
    expect(cost.kmPerParcel).toBeCloseTo(1000 / 98, 10);
  });
});

describe('province aggregation', () => {
  it('pools the villages of several counties for the total', () => {
    const other = makeDataset('632223-other', '632223', [
      { id: '632223', kind: 'county_warehouse', code: '632223', name: 'W2', parent: null, lon: 100.9, lat: 36.9, station: true, poor: false, community: false, open: '08:00', close: '18:00', synthetic: false, estimated: false },
      { id: '632223100', kind: 'township_hub', code: '632223100', name: 'H2', parent: '632223', lon: 101, lat: 37, station: true, poor: false, community: false, open: '08:00', close: '18:00', synthetic: false, estimated: false },
      { id: '632223100001', kind: 'village_point', code: '632223100001', name: 'X1', parent: '632223100', lon: 101, lat: 37.1, station: false, poor: true, community: false, open: '08:00', close: '18:00', synthetic: false, estimated: false },
      { id: '632223100002', kind: 'village_point', code: '632223100002', name: 'X2', parent: '632223100', lon: 101, lat: 37.2, station: false, poor: false, community: false, open: '08:00', close: '18:00', synthetic: false, estimated: false },
    ], []);
    const otherTt: Timetable = {
      ...tinyTimetable(),
      county: '632223',
      dataset: '632223-other',
      lines: [{ ...tinyTimetable().lines[1]!, id: 'G1', weekdays: ['tue'], stops: ['632223100', '632223100001', '632223100'].map((node) => ({ node, arrive: '10:00', depart: '10:00' })) }],
      busLegs: [],
      villages: [
        { code: '632223100001', mode: 'feeder', weekdays: ['tue'], visitsPerWeek: 1, line: 'G1', leadTimeHours: 30 },
        { code: '632223100002', mode: 'unserved', weekdays: [], visitsPerWeek: 0, line: null, leadTimeHours: null },
      ],
      totals: { vehicles: 1, kmPerWeek: 100, vehicleHoursPerWeek: 5, costPerWeek: 70, busFeesPerWeek: 0 },
    };
    const r = computeProvinceCoverage([
      { dataset: tinyDataset(), timetable: tinyTimetable() },
      { dataset: other, timetable: otherTt },
    ]);
    expect(r.scope).toBe('province');
    expect(r.counties.map((c) => c.code)).toEqual(['630123', '632223']);
    expect(r.total.villages).toBe(8);
    expect(r.total.stations).toEqual({ num: 3, den: 8, rate: 3 / 8 });
    expect(r.total.poorStations).toEqual({ num: 2, den: 4, rate: 0.5 });
    expect(r.total.service?.all).toEqual({ num: 6, den: 8, rate: 6 / 8 });
    expect(r.total.service?.bands).toEqual({ daily: 3, d3to6: 1, d1to2: 2, none: 2 });
    // Pooled lead times 3, 4, 5, 6, 10, 30: p50 = 3rd = 5, p95 = 6th = 30.
    expect(r.total.plannedLeadTime).toEqual({ n: 6, mean: 58 / 6, p50: 5, p95: 30 });
    expect(r.total.cost?.costPerWeek).toBe(800);
    expect(r.total.cost?.kmPerWeek).toBe(1100);
    expect(r.total.communities.villages).toBe(1);
  });
});
