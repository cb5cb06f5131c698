/**
 * The stops of the planner's routing sub-problems, built from the villages and hubs: kg and m3 are
 * capacity (peak days carried × `loadFactor`, docs/timetable.md §2 "Loads"), dropKg / pickKg what a
 * run drops and picks there.
 */
import type { StopJob } from '../routing.ts';
import type { PlanSettings } from '../settings.ts';
import { toMinutes } from '../time.ts';
import type { VillageInfo } from '../villages.ts';

/**
 * Weight of serving a village when capacity is short (docs/timetable.md §2 "Priorities"): poor 3,
 * with a service station 2, other 1. The solver's penalty for leaving a stop unserved is this times
 * a penalty far above any route cost (so cost comes last); the weights stay small because large
 * ones make the search lose villages. The order is then made strict on the solved runs: an
 * unserved village takes the place of a lighter one when it fits (src/timetable/routing.ts).
 */
export function villageWeight(v: VillageInfo): number {
  return v.node.poor ? 3 : v.node.station ? 2 : 1;
}

/**
 * A village is a delivery job (down freight, with the stop's service time) plus a pickup job at the
 * same place (up freight, no extra service), so the solver tracks the true on-board load (it
 * handles deliveries and pickups on one route); the pair nearly always shares a run because a
 * split costs a second visit.
 */
export function villageJobs(S: PlanSettings, v: VillageInfo, peak: number): StopJob[] {
  const lf = S.loadFactor;
  const tw: [number, number] = [toMinutes(v.node.open), toMinutes(v.node.close)];
  const priority = villageWeight(v);
  const out: StopJob[] = [
    { id: v.node.id, node: v.node.id, kind: 'delivery', kg: v.ambDownKg * peak * lf, m3: v.ambDownM3 * peak * lf, dropKg: v.ambDownKg * peak, pickKg: 0, chilledKg: 0, service: S.villageServiceMinutes, tw, priority },
  ];
  if (v.ambUpKg > 0) {
    out.push({ id: `${v.node.id}#up`, node: v.node.id, kind: 'pickup', kg: v.ambUpKg * peak * lf, m3: v.ambUpM3 * peak * lf, dropKg: 0, pickKg: v.ambUpKg * peak, chilledKg: 0, service: 0, stopService: S.villageServiceMinutes, tw, priority });
  }
  return out;
}

/** A village's chilled freight: one delivery that requires a refrigerated vehicle. */
export function coldJob(S: PlanSettings, v: VillageInfo, peak: number): StopJob {
  const lf = S.loadFactor;
  return {
    id: v.node.id,
    node: v.node.id,
    kind: 'delivery',
    kg: v.chilledKg * peak * lf,
    m3: v.chilledM3 * peak * lf,
    dropKg: v.chilledKg * peak * (v.ambDownKg / Math.max(1e-9, v.ambDownKg + v.ambUpKg)),
    pickKg: v.chilledKg * peak * (v.ambUpKg / Math.max(1e-9, v.ambDownKg + v.ambUpKg)),
    chilledKg: v.chilledKg * peak,
    service: S.coldServiceMinutes,
    tw: [toMinutes(v.node.open), toMinutes(v.node.close)],
    requiresRefrigerated: true,
    priority: villageWeight(v),
  };
}

/** Is this the id of a hub's trunk drop (`hub:<node>`) among the `+`-joined job ids of a stop? */
export const dropsHubFreight = (jobId: string | null): boolean => !!jobId?.split('+').some((j) => j.startsWith('hub:'));
