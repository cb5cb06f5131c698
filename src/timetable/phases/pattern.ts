/**
 * One pattern of the family as the sync phase routes it: its villages by depot, the hubs' trunk
 * deadlines, and the synchronised plan (trunk runs, feeder runs per hub) it produces.
 */
import type { Weekday } from '../../domain/dataset.ts';
import { peakDaysCarried } from '../../../solver/index.ts';
import type { Run, StopJob } from '../routing.ts';
import { toMinutes } from '../time.ts';
import { minutes, type VillageInfo } from '../villages.ts';
import { dropsHubFreight } from './jobs.ts';
import type { AfterColdChain, PlanContext } from './state.ts';

/** The villages of one pattern, by depot, and the hubs' trunk deadlines (minutes). */
export interface PatternGroup {
  readonly gi: number;
  readonly gDays: readonly Weekday[];
  /** Routed on this pattern (not by bus; daily or of this pattern). */
  readonly inGroup: (v: VillageInfo) => boolean;
  /** Days of freight a visit carries at peak. */
  readonly peakOf: (v: VillageInfo) => number;
  readonly feederOf: ReadonlyMap<string, VillageInfo[]>;
  readonly direct: readonly VillageInfo[];
  /** Latest trunk arrival at each hub; the rounds move it. */
  readonly deadline: Map<string, number>;
}

/** A synchronised plan of one pattern. */
export interface PatternPlan {
  readonly trunk: Run[];
  readonly feeders: Map<string, Run[]>;
  readonly unserved: Map<string, string>;
  readonly cost: number;
  /** The trunk problem's jobs and each hub's villages, for closing hubs. */
  readonly jobs: StopJob[];
  readonly activeOf: Map<string, VillageInfo[]>;
}

export function patternGroup(ctx: PlanContext, st: AfterColdChain, gi: number, gDays: readonly Weekday[]): PatternGroup {
  const { ds, S, wh, matrix } = ctx;
  const inGroup = (v: VillageInfo): boolean => !st.bus.has(v.node.id) && (st.daily(v) || st.patternOf.get(v.node.id) === gi);
  const peakOf = (v: VillageInfo): number => peakDaysCarried(st.villageDays(v));
  const feederOf = new Map<string, VillageInfo[]>();
  const direct: VillageInfo[] = [];
  for (const v of st.villages) {
    if (!inGroup(v)) continue;
    const p = st.poolOf.get(v.node.id)!;
    if (p === wh) direct.push(v);
    else feederOf.set(p, [...(feederOf.get(p) ?? []), v]);
  }
  const deadline = new Map<string, number>();
  for (const h of feederOf.keys()) {
    const open = toMinutes(ds.nodeById.get(h)!.open);
    deadline.set(h, Math.max(open + S.hubDeadlineMinutes, ctx.earliest + minutes(matrix, wh, h) + 30));
  }
  return { gi, gDays, inGroup, peakOf, feederOf, direct, deadline };
}

/** Arrival of the trunk run that drops each hub's freight. */
export function hubArrivals(trunk: readonly Run[]): Map<string, number> {
  const arrival = new Map<string, number>();
  for (const r of trunk) for (const s of r.stops) if (dropsHubFreight(s.jobId)) arrival.set(s.node, s.arrive);
  return arrival;
}

