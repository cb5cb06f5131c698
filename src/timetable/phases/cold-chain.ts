/**
 * Cold-chain phase: chilled freight only on refrigerated vehicles from the warehouse, on its own
 * pattern family of `coldVisitsPerWeek` (sweep around the warehouse weighted by chilled kg). Cold
 * runs try the last free window of the day only, which keeps the reefers' mornings free for ambient
 * trunk work, and book their vehicles before the ambient routing. Reads `Pools`, `Routing`; adds
 * `ColdChain`.
 */
import type { Weekday } from '../../domain/dataset.ts';
import { patternFamily, peakDaysCarried, roundUpFrequency, sweepSplit } from '../../../solver/index.ts';
import { coldJob } from './jobs.ts';
import type { AfterBudget, AfterColdChain, PlanContext, ServedRun } from './state.ts';

export function coldChainPhase(ctx: PlanContext, st: AfterBudget): AfterColdChain {
  const { ds, S, wh, days } = ctx;
  const whNode = ds.nodeById.get(wh)!;
  const cold: ServedRun[] = [];
  const chilledDays = new Map<string, { lineId: string; days: readonly Weekday[] }>();
  const chilledReason = new Map<string, string>();
  const coldFamily = patternFamily(days, roundUpFrequency(S.coldVisitsPerWeek, days.length));
  const withChilled = st.villages.filter((v) => v.chilledKg > 0);
  const g = sweepSplit(
    withChilled.map((v) => ({ angle: Math.atan2(v.node.lat - whNode.lat, v.node.lon - whNode.lon), weight: v.chilledKg })),
    coldFamily.length,
  );
  const whReefers = ctx.reefers.filter((r) => r.depot === wh);
  for (const [ci, cDays] of coldFamily.entries()) {
    const peak = peakDaysCarried(cDays);
    const jobs = withChilled.filter((_, i) => g[i] === ci).map((v) => coldJob(S, v, peak));
    const res = st.router.solveSlots(wh, jobs, whReefers, null, cDays, true);
    st.router.reserve(res.runs, cDays);
    const label = cDays.map((d) => d.slice(0, 2)).join('');
    res.runs.forEach((r, k) => {
      const lineId = `C-${label}-${k + 1}`;
      cold.push({ lineId, tier: 'direct', run: r, days: cDays, coldChain: true });
      for (const s of r.stops) if (s.jobId) chilledDays.set(s.node, { lineId, days: cDays });
    });
    for (const u of res.unassigned) chilledReason.set(u.id, u.reason);
    // cold-chain lines are planned before the ambient routing (10–80 %), so they report 5–10 %
    ctx.progress('cold-chain', 0.05 + (0.05 * (ci + 1)) / coldFamily.length);
  }
  return { ...st, cold, chilledDays, chilledReason };
}
