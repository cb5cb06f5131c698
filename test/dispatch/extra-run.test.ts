/**
 * planExtraRuns on the small hand-made county (test/timetable/small-county.ts) without a database:
 * the overflow, chunked per village and class, goes through src/routing/problems.ts to the solver;
 * the runs are checked against the parcels and fleet here.
 */
import { describe, expect, it } from 'vitest';
import type { Overflow } from '../../src/dispatch/assign.ts';
import { planExtraRuns } from '../../src/dispatch/extra-run.ts';
import type { StoredCounty } from '../../src/persistence/counties.ts';
import { smallCounty, V11, V12, V21, V22, W } from '../timetable/small-county.ts';

const { ds } = smallCounty();
const county: StoredCounty = {
  code: ds.countyCode, slug: ds.slug, name: ds.name, warehouseId: ds.warehouseId, nodes: ds.nodes, nodeById: ds.nodeById,
  fleet: ds.fleet, bus: ds.bus, travel: ds.travel,
};
const parcel = (id: string, village: string, kg: number, temperature: 'ambient' | 'chilled' = 'ambient'): Overflow => ({
  parcel: { id, carrier: 'SF', villageCode: village, kg, m3: kg / 200, temperature, readyAt: 0, dueBy: null },
  cause: 'capacity',
  reason: 'run full',
});
const OVERFLOW = [
  parcel('a1', V11, 300), parcel('a2', V11, 500), parcel('a3', V12, 900), parcel('a4', V21, 40), parcel('c1', V22, 30, 'chilled'),
  parcel('c2', V11, 20, 'chilled'), parcel('big', V12, 5000), parcel('lost', '999999999999', 5),
];
const min = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

describe('extra runs for overflow', () => {
  it('places every parcel a free warehouse vehicle can take, chilled ones on the reefer, within capacity; the rest keep a reason', () => {
    const busy = new Map([['T1', '12:00']]);
    const r = planExtraRuns(county, '2026-12-07', OVERFLOW, busy, { seed: 3, maxIterations: 200, maxSeconds: 30 });
    const fleet = new Map(ds.fleet.map((v) => [v.id, v]));
    expect(r.placed.map((p) => p.parcel.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'c1', 'c2']);
    expect(r.rest.map((o) => o.parcel.id).sort()).toEqual(['big', 'lost']);
    expect(r.rest.find((o) => o.parcel.id === 'big')!.reason).toMatch(/^run full; no free vehicle can take it/);
    const runById = new Map(r.runs.map((x) => [x.id, x]));
    for (const run of r.runs) {
      const v = fleet.get(run.vehicle!)!;
      expect(v.depot).toBe(W);
      expect(run.kind).toBe('extra');
      expect(run.stops[0]!.node).toBe(W);
      expect(run.stops[run.stops.length - 1]!.node).toBe(W);
      const kg = r.placed.filter((p) => p.legs[0]!.runId === run.id).reduce((a, p) => a + p.parcel.kg, 0);
      expect(kg).toBeLessThanOrEqual(v.capacityKg);
      // a vehicle back from its timetable run at 12:00 leaves after reloading
      if (run.vehicle === 'T1') expect(min(run.depart)).toBeGreaterThanOrEqual(12 * 60 + 30);
    }
    for (const p of r.placed) {
      const run = runById.get(p.legs[0]!.runId)!;
      expect(run.stops.find((s) => s.seq === p.legs[0]!.seq)!.node).toBe(p.parcel.villageCode);
      if (p.parcel.temperature !== 'ambient') expect(run.refrigerated).toBe(true);
    }
  });

  it('when every warehouse vehicle is busy too late, nothing is planned and the overflow says why', () => {
    const busy = new Map([['T1', '18:30'], ['R1', '18:30']]);
    const r = planExtraRuns(county, '2026-12-07', OVERFLOW, busy, { seed: 1, maxIterations: 100 });
    expect(r.runs).toEqual([]);
    expect(r.rest).toHaveLength(OVERFLOW.length);
    for (const o of r.rest) expect(o.reason).toMatch(/no free vehicle for an extra run$/);
  });

  it('same seed and iterations, same runs', () => {
    const a = planExtraRuns(county, '2026-12-07', OVERFLOW, new Map(), { seed: 5, maxIterations: 150, maxSeconds: 30 });
    const b = planExtraRuns(county, '2026-12-07', OVERFLOW, new Map(), { seed: 5, maxIterations: 150, maxSeconds: 30 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
