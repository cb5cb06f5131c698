import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../../src/network/travel-matrix.ts';
import { planTimetable } from '../../src/timetable/index.ts';
import { smallCounty } from './small-county.ts';

const ROOT = join(import.meta.dirname, '../../data/counties');
/** The routing's generic wording, which must never reach the timetable. */
const GENERIC = /no feasible run|cannot be served within|no vehicle available at this depot|not routed|split from its village stop/;

describe('every unserved village gets a specific reason naming the binding limit', () => {
  it('632722-zaduo: a village beyond a day\'s driving names the round trip and the limit; the others name a limit with its figures', async () => {
    const dir = join(ROOT, '632722-zaduo');
    const ds = await loadDataset(dir);
    const m = await loadTravelMatrix(ds, dir);
    const tt = await planTimetable(ds, m, { patternSweep: 'county' }, { seed: 1, iterations: 30 });
    const unserved = tt.villages.filter((v) => v.mode === 'unserved');
    expect(unserved.length).toBeGreaterThan(0);
    for (const v of unserved) {
      expect(v.reason).toBeTruthy();
      expect(v.reason).not.toMatch(GENERIC);
      // a figure (hours, kg) or the village it gave way to
      expect(v.reason).toMatch(/\d+\.\d h|\d+ kg|gave way to \d{12}/);
    }
    // 达英村: 16.5 h of driving there and back from the warehouse
    const km = (a: string, b: string): number => m.minutes[m.index.get(a)! * m.n + m.index.get(b)!]!;
    const far = unserved.find((v) => km(ds.warehouseId, v.code) + km(v.code, ds.warehouseId) > 600)!;
    const rt = ((km(ds.warehouseId, far.code) + km(far.code, ds.warehouseId)) / 60).toFixed(1);
    const rtMin = Math.round(km(ds.warehouseId, far.code) + km(far.code, ds.warehouseId));
    expect(far.reason).toContain(`round trip from ${ds.warehouseId} is ${rt} h of driving (${rtMin} min) > 8.0 h daily driving limit (480 min)`);
  });

  it('small county with a short fleet: the left-out villages name the vehicles whose time is taken', async () => {
    const { ds, m } = smallCounty();
    const d2 = { ...ds, fleet: ds.fleet.filter((v) => v.id === 'T1').map((v) => ({ ...v, capacityKg: 150 })) };
    const tt = await planTimetable(d2, m, { multiTripSlots: 1 }, { seed: 1, iterations: 60, noBus: true });
    const unserved = tt.villages.filter((v) => v.mode === 'unserved');
    expect(unserved.length).toBeGreaterThan(0);
    for (const v of unserved) {
      expect(v.reason).not.toMatch(GENERIC);
      expect(v.reason).toMatch(/T1|gave way|kg capacity/);
    }
  });
});
