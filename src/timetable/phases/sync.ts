/**
 * Sync phase: per pattern of the family, the trunk/direct VRPTW from the warehouse and the feeder
 * VRPTWs from the hubs, whose runs leave after the trunk's arrival plus `transferMinutes`,
 * re-synchronised over up to `syncRounds` rounds (a hub the trunk missed gets a later deadline; a
 * hub whose feeders left villages gets an earlier one, and those villages go direct), keeping the
 * best round; then hubs that do not pay are closed (close-hubs.ts). Reads `Pools`, `Patterns`,
 * `BusLegs`, `Routing`; adds `RoadLines`.
 */
import type { Run, StopJob } from '../routing.ts';
import { toMinutes } from '../time.ts';
import type { VillageInfo } from '../villages.ts';
import { closeHubs } from './close-hubs.ts';
import { dropsHubFreight, villageJobs, villageWeight } from './jobs.ts';
import { hubArrivals, patternGroup, type PatternGroup, type PatternPlan } from './pattern.ts';
import type { AfterColdChain, AfterSync, PlanContext, ServedRun, VillageRun } from './state.ts';

/** A hub's trunk stop: the drop of its villages' down freight by the deadline, and the pickup of their up freight. */
function hubJobs(ctx: PlanContext, g: PatternGroup, h: string, active: readonly VillageInfo[]): StopJob[] {
  const { S, earliest } = ctx;
  const lf = S.loadFactor;
  const hub = ctx.ds.nodeById.get(h)!;
  let down = 0, downM3 = 0, up = 0, upM3 = 0;
  for (const v of active) {
    down += v.ambDownKg * g.peakOf(v);
    downM3 += v.ambDownM3 * g.peakOf(v);
    up += v.ambUpKg * g.peakOf(v);
    upM3 += v.ambUpM3 * g.peakOf(v);
  }
  const tw: [number, number] = [Math.max(toMinutes(hub.open), earliest), Math.max(toMinutes(hub.open), g.deadline.get(h)!)];
  // a hub's drop stands for all its villages
  const priority = 1 + active.reduce((a, v) => a + villageWeight(v), 0);
  const jobs: StopJob[] = [{ id: `hub:${h}`, node: h, kind: 'delivery', kg: down * lf, m3: downM3 * lf, dropKg: down, pickKg: 0, chilledKg: 0, service: S.hubServiceMinutes, tw, priority }];
  if (up > 0) {
    jobs.push({ id: `hubup:${h}`, node: h, kind: 'pickup', kg: up * lf, m3: upM3 * lf, dropKg: 0, pickKg: up, chilledKg: 0, service: 0, tw: [toMinutes(hub.open), toMinutes(hub.close)], priority });
  }
  return jobs;
}

/** The trunk and feeder rounds of one pattern; the best round (fewest unserved, then cheapest). */
export function syncRounds(ctx: PlanContext, st: AfterColdChain, g: PatternGroup): PatternPlan | null {
  const { S, wh, ds } = ctx;
  const { router } = st;
  const hubsSorted = [...g.feederOf.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const rescued = new Set<string>();
  let best: PatternPlan | null = null;
  for (let round = 0; round < S.syncRounds; round++) {
    const feederUnassigned = new Map<string, { id: string; reason: string }[]>();
    const jobs: StopJob[] = [];
    const activeOf = new Map<string, VillageInfo[]>();
    for (const [h, list] of hubsSorted) {
      const active = list.filter((v) => !rescued.has(v.node.id));
      if (!active.length) continue;
      activeOf.set(h, active);
      jobs.push(...hubJobs(ctx, g, h, active));
    }
    for (const v of [...g.direct, ...st.villages.filter((x) => rescued.has(x.node.id) && g.inGroup(x))]) jobs.push(...villageJobs(S, v, g.peakOf(v)));
    const whFleet = [...(ctx.ambientFleet.get(wh) ?? []), ...ctx.reefers.filter((r) => r.depot === wh)];
    const tr = router.solveSlots(wh, jobs, whFleet, null, g.gDays);
    const trunkRuns = tr.runs;
    const progressAt = (x: number): number => 0.1 + (0.7 * (g.gi + (round + x) / S.syncRounds)) / st.family.length;
    ctx.progress('routing', progressAt(0.3), `pattern ${g.gDays.join('-')}: trunk round ${round + 1}`);
    const arrival = hubArrivals(trunkRuns);
    const feederRuns = new Map<string, Run[]>();
    let retry = false;
    for (const [h, list] of hubsSorted) {
      const active = list.filter((v) => !rescued.has(v.node.id));
      if (!active.length) continue;
      const arr = arrival.get(h);
      if (arr === undefined) {
        // the trunk could not reach the hub in its window: allow a later arrival next round (the
        // villages stay on the hub, whose feeders are cheaper than direct runs from the warehouse)
        const hub = ds.nodeById.get(h)!;
        const later = Math.min(toMinutes(hub.close) - 120, g.deadline.get(h)! + 90);
        if (later > g.deadline.get(h)!) {
          g.deadline.set(h, later);
          retry = true;
        }
        feederUnassigned.set(h, active.map((v) => ({ id: v.node.id, reason: 'no trunk run could reach its township hub with the available vehicles' })));
        continue;
      }
      const ready = arr + S.transferMinutes;
      const fr = router.solveSlots(h, active.flatMap((v) => villageJobs(S, v, g.peakOf(v))), ctx.ambientFleet.get(h) ?? [], ready, g.gDays);
      feederRuns.set(h, fr.runs);
      feederUnassigned.set(h, fr.unassigned);
      if (fr.unassigned.length) {
        retry = true;
        // earlier trunk arrival next round; villages left over go direct
        g.deadline.set(h, Math.max(ctx.earliest, g.deadline.get(h)! - 60));
        if (round + 1 < S.syncRounds) for (const u of fr.unassigned) rescued.add(u.id.replace(/#up$/, ''));
      }
    }
    ctx.progress('routing', progressAt(1), `pattern ${g.gDays.join('-')}: feeders round ${round + 1}`);
    // keep the best round: fewest unserved villages, then lowest running cost
    const roundUnserved = new Map<string, string>();
    for (const u of tr.unassigned) if (!u.id.startsWith('hub')) roundUnserved.set(u.id.replace(/#up$/, ''), u.reason);
    for (const list of feederUnassigned.values()) for (const u of list) roundUnserved.set(u.id.replace(/#up$/, ''), u.reason);
    const cost = [...trunkRuns, ...[...feederRuns.values()].flat()].reduce((a, r) => a + router.runCost(r), 0);
    if (!best || roundUnserved.size < best.unserved.size || (roundUnserved.size === best.unserved.size && cost < best.cost - 1e-9)) {
      best = { trunk: trunkRuns, feeders: feederRuns, unserved: roundUnserved, cost, jobs, activeOf };
    }
    if (!retry || round + 1 >= S.syncRounds) break;
  }
  return best;
}

/** Lines of one pattern's plan: trunk/direct lines `T-`/`D-<days>-k`, feeder lines `F-<hub>-<days>-k` fed by their hub's trunk line. */
function recordPattern(ctx: PlanContext, g: PatternGroup, p: PatternPlan, road: ServedRun[], villageRuns: Map<string, VillageRun[]>): void {
  const { ds } = ctx;
  const gDays = g.gDays;
  const visit = (node: string, lineId: string, arrive: number): void => {
    villageRuns.set(node, [...(villageRuns.get(node) ?? []), { lineId, days: gDays, arrive }]);
  };
  const label = gDays.map((d) => d.slice(0, 2)).join('');
  const trunkLineOfHub = new Map<string, string>();
  p.trunk.forEach((r, k) => {
    const hasHub = r.stops.some((s) => ds.nodeById.get(s.node)?.kind === 'township_hub' && s.jobId !== null);
    const lineId = `${hasHub ? 'T' : 'D'}-${label}-${k + 1}`;
    road.push({ lineId, tier: hasHub ? 'trunk' : 'direct', run: r, days: gDays });
    for (const s of r.stops) {
      if (dropsHubFreight(s.jobId)) trunkLineOfHub.set(s.node, lineId);
      if (s.jobId && ds.nodeById.get(s.node)?.kind === 'village_point') visit(s.node, lineId, s.arrive);
    }
  });
  for (const [h, runs] of [...p.feeders.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    runs.forEach((r, k) => {
      const lineId = `F-${h}-${label}-${k + 1}`;
      const feedsFrom = trunkLineOfHub.get(h);
      road.push({ lineId, tier: 'feeder', run: r, days: gDays, ...(feedsFrom ? { feedsFrom } : {}) });
      for (const s of r.stops) if (s.jobId) visit(s.node, lineId, s.arrive);
    });
  }
}

export function syncPhase(ctx: PlanContext, st: AfterColdChain): AfterSync {
  const road: ServedRun[] = [];
  const villageRuns = new Map<string, VillageRun[]>();
  const unserved = new Map<string, string>();
  for (const [gi, gDays] of st.family.entries()) {
    const g = patternGroup(ctx, st, gi, gDays);
    let plan = syncRounds(ctx, st, g);
    if (plan && ctx.S.closeHubs) plan = closeHubs(ctx, st, g, plan);
    if (!plan) continue;
    for (const [id, why] of plan.unserved) unserved.set(id, why);
    recordPattern(ctx, g, plan, road, villageRuns);
  }
  return { ...st, road, villageRuns, unserved };
}
