import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset, TravelMatrix } from '../../src/domain/dataset.ts';
import type { Timetable } from '../../src/domain/timetable.ts';
import { loadDataset } from '../../src/domain/load-dataset.ts';
import { loadTravelMatrix } from '../../src/network/travel-matrix.ts';
import { DEFAULT_PLAN_SETTINGS, planTimetable } from '../../src/timetable/index.ts';

const ROOT = join(import.meta.dirname, '../../data/counties');
const hm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/**
 * The departure rule, checked from the plan and the dataset: a line leaves at the earliest time one
 * of these allows (±1 min of HH:MM rounding): cut-off + loading (`earliestTrunkDeparture`) or its
 * vehicle's shift start; for a feeder, its trunk's arrival at the hub + transfer; the opening of its
 * first stop less the travel to it (or, for a cold line, of any stop less the time to reach it); a
 * break after the vehicle's previous line on one of its days. Returns the lines that leave later.
 */
function lateLines(ds: Dataset, m: TravelMatrix, tt: Timetable): string[] {
  const S = DEFAULT_PLAN_SETTINGS;
  const fleet = new Map(ds.fleet.map((v) => [v.id, v]));
  const mins = (a: string, b: string): number => m.minutes[m.index.get(a)! * m.n + m.index.get(b)!]!;
  const out: string[] = [];
  for (const l of tt.lines) {
    const veh = fleet.get(l.vehicle)!;
    const dep = hm(l.stops[0]!.depart);
    const bounds = [hm(S.earliestTrunkDeparture), hm(veh.shiftStart)];
    if (l.tier === 'feeder' && l.feedsFrom) {
      const t = tt.lines.find((x) => x.id === l.feedsFrom)!;
      const at = t.stops.find((s, i) => i > 0 && s.node === veh.depot && (s.dropKg ?? 0) > 0);
      if (at) bounds.push(hm(at.arrive) + S.transferMinutes);
    }
    const firstStop = l.stops[1]!;
    const open = ds.nodeById.get(firstStop.node)?.open;
    if (open) bounds.push(hm(open) - mins(l.stops[0]!.node, firstStop.node));
    if (l.coldChain) for (const s of l.stops) if (ds.nodeById.get(s.node)?.kind === 'village_point' && s.kind !== 'break') bounds.push(dep + hm(ds.nodeById.get(s.node)!.open) - (hm(s.depart) - S.coldServiceMinutes));
    for (const o of tt.lines) {
      if (o === l || o.vehicle !== l.vehicle || !o.weekdays.some((d) => l.weekdays.includes(d))) continue;
      const end = hm(o.stops[o.stops.length - 1]!.arrive);
      if (end <= dep) bounds.push(end + S.minBreakMinutes);
    }
    if (!bounds.some((b) => Math.abs(dep - b) <= 1.5)) out.push(`${l.id} leaves ${l.stops[0]!.depart}; bounds ${bounds.map((b) => b.toFixed(0)).join(', ')}`);
  }
  return out;
}

const loaded = new Map<string, { ds: Dataset; m: TravelMatrix }>();
beforeAll(async () => {
  for (const slug of ['632223-haiyan', '632722-zaduo']) {
    const ds = await loadDataset(join(ROOT, slug));
    loaded.set(slug, { ds, m: await loadTravelMatrix(ds, join(ROOT, slug)) });
  }
});

describe('departure rule: lines leave as soon as the cut-off plus loading allows', () => {
  for (const slug of ['632223-haiyan', '632722-zaduo']) {
    it(`${slug}: every line leaves at the earliest time its constraints allow; totals report lead-time p50 <= p95`, async () => {
      const { ds, m } = loaded.get(slug)!;
      const tt = await planTimetable(ds, m, { patternSweep: 'county' }, { seed: 1, iterations: 30 });
      expect(lateLines(ds, m, tt)).toEqual([]);
      const p50 = tt.totals.leadTimeHoursP50!;
      const p95 = tt.totals.leadTimeHoursP95!;
      expect(p50).toBeGreaterThan(0);
      expect(p95).toBeGreaterThanOrEqual(p50);
      const leads = tt.villages.filter((v) => v.mode !== 'unserved').map((v) => v.leadTimeHours!);
      // p50: at least half of the villages at or below it; p95: at least 95 %
      expect(leads.filter((x) => x <= p50).length / leads.length).toBeGreaterThanOrEqual(0.5);
      expect(leads.filter((x) => x <= p95).length / leads.length).toBeGreaterThanOrEqual(0.95);
    });
  }
});
