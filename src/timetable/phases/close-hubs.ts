/**
 * Closing hubs that do not pay (the satellite-closing move of LNS-2E, Breunig et al. 2016), part of
 * the sync phase: hand a hub's villages to the warehouse lines, re-solve the trunk problem with the
 * other hubs no later than now (so their feeders stay synchronised), and keep it if it serves as
 * many villages for less than the trunk plus the hub's feeders. All hubs at once first (the
 * economies of scale of warehouse lines), then one by one, costliest per village first.
 */
import type { Run, StopJob } from '../routing.ts';
import type { VillageInfo } from '../villages.ts';
import { villageJobs } from './jobs.ts';
import type { AfterColdChain, PlanContext } from './state.ts';
import { hubArrivals, type PatternGroup, type PatternPlan } from './pattern.ts';

export function closeHubs(ctx: PlanContext, st: AfterColdChain, g: PatternGroup, plan: PatternPlan): PatternPlan {
  const { wh, S } = ctx;
  const { router } = st;
  let best = plan;
  const whFleet = [...(ctx.ambientFleet.get(wh) ?? []), ...ctx.reefers.filter((r) => r.depot === wh)];
  const feederCost = (h: string): number => (best.feeders.get(h) ?? []).reduce((a, r) => a + router.runCost(r), 0);
  const hubsByCost = [...best.feeders.keys()]
    .filter((h) => (best.feeders.get(h) ?? []).length > 0)
    .sort((a, b) => feederCost(b) / best.activeOf.get(b)!.length - feederCost(a) / best.activeOf.get(a)!.length || (a < b ? -1 : 1));
  const tryClose = (hs: readonly string[]): boolean => {
    const cur = best;
    const arrival = hubArrivals(cur.trunk);
    const closing = new Set(hs);
    const moved = hs.flatMap((h) => cur.activeOf.get(h) ?? []);
    const jobs2: StopJob[] = cur.jobs
      .filter((j) => !(closing.has(j.node) && (j.id.startsWith('hub:') || j.id.startsWith('hubup:'))))
      .map((j) => (j.id.startsWith('hub:') && arrival.has(j.node) ? { ...j, tw: [j.tw[0], Math.max(j.tw[0], Math.floor(arrival.get(j.node)!))] as const } : j));
    for (const v of moved) jobs2.push(...villageJobs(S, v, g.peakOf(v)));
    const tr2 = router.solveSlots(wh, jobs2, whFleet, null, g.gDays);
    const movedIds = new Set(moved.map((v) => v.node.id));
    const un2: Map<string, string> = new Map([...cur.unserved].filter(([id]) => !movedIds.has(id)));
    for (const u of tr2.unassigned) if (!u.id.startsWith('hub')) un2.set(u.id.replace(/#up$/, ''), u.reason);
    const hubLost = tr2.unassigned.some((u) => u.id.startsWith('hub:'));
    const oldCost: number = cur.trunk.reduce((x, r) => x + router.runCost(r), 0) + hs.reduce((x, h) => x + feederCost(h), 0);
    const newCost = tr2.runs.reduce((x, r) => x + router.runCost(r), 0);
    if (hubLost || un2.size > cur.unserved.size || newCost >= oldCost - 1e-6) return false;
    const feeders2: Map<string, Run[]> = new Map(cur.feeders);
    const activeOf2: Map<string, VillageInfo[]> = new Map(cur.activeOf);
    for (const h of hs) {
      feeders2.delete(h);
      activeOf2.delete(h);
    }
    best = { trunk: tr2.runs, feeders: feeders2, unserved: un2, cost: cur.cost - oldCost + newCost, jobs: jobs2, activeOf: activeOf2 };
    return true;
  };
  if (hubsByCost.length <= 1 || !tryClose(hubsByCost)) for (const h of hubsByCost) tryClose([h]);
  return best;
}
