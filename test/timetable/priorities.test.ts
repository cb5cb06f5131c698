import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/domain/dataset.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../../src/network/travel-matrix.ts';
import { DEFAULT_PLAN_SETTINGS, planTimetable } from '../../src/timetable/index.ts';
import { checkTimetable } from './checker.ts';
import { smallCounty, V12, V15 } from './small-county.ts';

const ROOT = join(import.meta.dirname, '../../data/counties');

/**
 * Poor villages left unserved while a non-poor village of the same township is served on a road line
 * (read from the dataset's flags and the plan). A village on a bus leg takes no vehicle's time, so it
 * does not count: the poor village has no stop on that bus line to take its place.
 */
function townshipViolations(ds: Dataset, tt: Timetable): string[] {
  const out: string[] = [];
  const mode = new Map(tt.villages.map((v) => [v.code, v.mode]));
  const villages = ds.nodes.filter((n) => n.kind === 'village_point');
  for (const p of villages) {
    if (!p.poor || mode.get(p.id) !== 'unserved') continue;
    for (const q of villages) if (q.parent === p.parent && !q.poor && (mode.get(q.id) === 'direct' || mode.get(q.id) === 'feeder')) out.push(`${p.id} unserved while ${q.id} is served`);
  }
  return out;
}

/** The small county with one 150-kg truck at the warehouse: capacity is short, so some villages stay unserved. */
function shortCounty(poor: readonly string[]): { ds: Dataset; m: ReturnType<typeof smallCounty>['m'] } {
  const { ds, m } = smallCounty();
  const nodes = ds.nodes.map((n) => (poor.includes(n.id) ? { ...n, poor: true } : n));
  const fleet = ds.fleet.filter((v) => v.id === 'T1').map((v) => ({ ...v, capacityKg: 150 }));
  return { ds: { ...ds, nodes, nodeById: new Map(nodes.map((n) => [n.id, n])), fleet }, m };
}

describe('priorities when capacity is short (poor, then station, then the rest, then cost)', () => {
  it('small county: a village the short fleet leaves out is served once it is poor, and no poor village gives way to a non-poor one of its township', async () => {
    const opts = { seed: 1, iterations: 60, noBus: true };
    const base = await planTimetable(shortCounty([]).ds, shortCounty([]).m, { multiTripSlots: 1 }, opts);
    const left = base.villages.filter((v) => v.mode === 'unserved').map((v) => v.code);
    // the premise: the fleet is short and leaves out the two villages made poor below
    expect(left).toEqual(expect.arrayContaining([V12, V15]));
    for (const p of [V12, V15]) {
      const { ds, m } = shortCounty([p]);
      const tt = await planTimetable(ds, m, { multiTripSlots: 1 }, opts);
      expect(tt.villages.find((v) => v.code === p)!.mode).not.toBe('unserved');
      expect(tt.villages.filter((v) => v.mode === 'unserved').length).toBe(left.length);
      expect(townshipViolations(ds, tt)).toEqual([]);
      expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
    }
  });

  for (const slug of ['632722-zaduo', '632725-nangqian']) {
    it(`${slug}: no poor village is unserved while a non-poor village of its township is served`, async () => {
      const ds = await loadDataset(join(ROOT, slug));
      const m = await loadTravelMatrix(ds, join(ROOT, slug));
      const tt = await planTimetable(ds, m, { patternSweep: 'county' }, { seed: 1, iterations: 30 });
      expect(townshipViolations(ds, tt)).toEqual([]);
      expect(checkTimetable(ds, m, tt, DEFAULT_PLAN_SETTINGS)).toEqual([]);
    });
  }
});
