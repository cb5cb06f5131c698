/**
 * Priority phase: makes the priorities strict across the routing sub-problems (docs/timetable.md §2
 * "Priorities"). Within one sub-problem the router already lets an unserved village take a lighter
 * village's place; this phase does it across patterns and pools. For each unserved village,
 * heaviest first (poor, then with a service station), a served village of the same township with a
 * lower priority gives up its road visits when the unserved one fits into every run that served it:
 * the run keeps its departure, returns before the vehicle's next run (plus a break), within the
 * shift and the on-duty limit, drives no more than the vehicle's daily driving left, and keeps the
 * driver rules and capacity. Reads `RoadLines`, `ColdChain`; replaces `road`, `villageRuns`, `unserved`.
 */
import { peakDaysCarried } from '../../../solver/index.ts';
import { replaceStop, type Run } from '../routing.ts';
import { vehicleClass } from '../settings.ts';
import { toMinutes } from '../time.ts';
import type { VillageInfo } from '../villages.ts';
import { villageJobs, villageWeight } from './jobs.ts';
import type { AfterSync, PlanContext, ServedRun, VillageRun } from './state.ts';

const first = (r: Run): number => r.stops[0]!.depart;
const last = (r: Run): number => r.stops[r.stops.length - 1]!.arrive;

export function priorityPhase(ctx: PlanContext, st: AfterSync): AfterSync {
  const { S, matrix } = ctx;
  if (!st.unserved.size) return st;
  let road: ServedRun[] = [...st.road];
  const villageRuns = new Map(st.villageRuns);
  const unserved = new Map(st.unserved);
  const byId = new Map(st.villages.map((v) => [v.node.id, v]));
  const rules = { maxContinuous: S.maxContinuousDrivingMinutes, breakMinutes: S.minBreakMinutes };
  /** The time and driving a run may use without touching its vehicle's other runs. */
  const windowOf = (sr: ServedRun): { start: number; end: number; drivingLeft: number } => {
    const r = sr.run;
    const others = [...st.cold, ...road].filter((o) => o !== sr && o.run.vehicle.id === r.vehicle.id && o.days.some((d) => sr.days.includes(d)));
    let end = toMinutes(r.vehicle.shiftEnd);
    let drivingLeft = S.maxDailyDrivingMinutes;
    const limit = S.shiftLimitMinutes[vehicleClass(r.vehicle, ctx.wh)];
    for (const d of sr.days) {
      const same = others.filter((o) => o.days.includes(d));
      for (const o of same) if (first(o.run) >= last(r) - 1e-9) end = Math.min(end, first(o.run) - S.minBreakMinutes);
      end = Math.min(end, Math.min(first(r), ...same.map((o) => first(o.run))) + limit);
      drivingLeft = Math.min(drivingLeft, S.maxDailyDrivingMinutes - same.reduce((a, o) => a + o.run.driving, 0));
    }
    return { start: first(r), end, drivingLeft };
  };
  const candidates = [...unserved.keys()].map((id) => byId.get(id)!).filter((v) => v && !st.daily(v))
    .sort((a, b) => villageWeight(b) - villageWeight(a) || (a.node.id < b.node.id ? -1 : 1));
  for (const p of candidates) {
    const givers = st.villages
      .filter((q) => q.hub === p.hub && villageWeight(q) < villageWeight(p) && !st.daily(q) && (villageRuns.get(q.node.id)?.length ?? 0) > 0 && !unserved.has(q.node.id))
      .sort((a, b) => villageWeight(a) - villageWeight(b) || (a.node.id < b.node.id ? -1 : 1));
    for (const q of givers) {
      const visits = villageRuns.get(q.node.id)!;
      // a second village may give way too when it is lighter than p, non-daily and visited by this line only
      const mayDrop = (node: string): boolean => {
        const o = byId.get(node);
        return !!o && o !== q && villageWeight(o) < villageWeight(p) && !st.daily(o) && (villageRuns.get(node)?.length ?? 0) === 1;
      };
      const replaced = new Map<ServedRun, Run>();
      const also: string[] = [];
      for (const vr of visits) {
        const sr = road.find((x) => x.lineId === vr.lineId);
        if (!sr) break;
        const r2 = replaceStop(matrix, sr.run, windowOf(sr), q.node.id, villageJobs(S, p, peakDaysCarried(sr.days)), rules, visits.length === 1 ? mayDrop : undefined);
        if (!r2) break;
        replaced.set(sr, r2.run);
        if (r2.also) also.push(r2.also);
      }
      if (replaced.size !== visits.length) continue;
      const pRuns: VillageRun[] = [];
      road = road.map((x) => {
        const r2 = replaced.get(x);
        if (!r2) return x;
        const at = r2.stops.find((s) => s.node === p.node.id && s.jobId !== null)!;
        pRuns.push({ lineId: x.lineId, days: x.days, arrive: at.arrive });
        return { ...x, run: r2 };
      });
      // the other villages of the changed runs keep their stops, at new times
      for (const [, r2] of replaced) {
        const line = road.find((x) => x.run === r2)!;
        for (const s of r2.stops) {
          if (s.jobId === null || s.node === p.node.id) continue;
          const list = villageRuns.get(s.node);
          if (list) villageRuns.set(s.node, list.map((e) => (e.lineId === line.lineId ? { ...e, arrive: s.arrive } : e)));
        }
      }
      villageRuns.delete(q.node.id);
      villageRuns.set(p.node.id, pRuns);
      unserved.delete(p.node.id);
      unserved.set(q.node.id, `gave way to ${p.node.id} (${label(p)}) of the same township: the vehicles' runs have no room for both`);
      for (const o of also) {
        villageRuns.delete(o);
        unserved.set(o, `gave way to ${p.node.id} (${label(p)}): its line has no room for both within the driver rules and opening hours`);
      }
      break;
    }
  }
  return { ...st, road, villageRuns, unserved };
}

function label(v: VillageInfo): string {
  return v.node.poor ? 'a poor village' : v.node.station ? 'a village with a service station' : 'a village';
}
