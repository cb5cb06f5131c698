/**
 * Patterns phase: a family of weekday patterns of frequency `fBase` partitions the service days
 * (solver/tiers/patterns.ts); each village needing no more than `fBase` visits gets one pattern by an
 * angular sweep that balances load, per pool (`patternSweep: pool`) or county-wide (`county`).
 * Villages needing more are daily. Reads `Pools`; adds `Patterns`.
 */
import type { Weekday } from '../../domain/dataset.ts';
import { patternFamily, roundUpFrequency, sweepSplit } from '../../../solver/index.ts';
import type { VillageInfo } from '../villages.ts';
import type { AfterPatterns, AfterPools, PlanContext } from './state.ts';

export function patternsPhase(ctx: PlanContext, st: AfterPools): AfterPatterns {
  const { ds, S, wh, days } = ctx;
  const fBase = roundUpFrequency(Math.max(S.policy.stationVisits, S.policy.poorVisits, S.policy.otherVisits), days.length);
  const family: Weekday[][] = patternFamily(days, fBase);
  const daily = (v: VillageInfo): boolean => v.required > fBase;
  const patternOf = new Map<string, number>();
  const byPool = new Map<string, VillageInfo[]>();
  for (const v of st.villages) {
    if (daily(v)) continue;
    const p = S.patternSweep === 'county' ? wh : st.poolOf.get(v.node.id)!;
    byPool.set(p, [...(byPool.get(p) ?? []), v]);
  }
  for (const [p, list] of [...byPool.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const c = ds.nodeById.get(p)!;
    const g = sweepSplit(
      list.map((v) => ({ angle: Math.atan2(v.node.lat - c.lat, v.node.lon - c.lon), weight: v.ambDownKg + v.ambUpKg + 1 })),
      family.length,
    );
    list.forEach((v, i) => patternOf.set(v.node.id, g[i]!));
  }
  const villageDays = (v: VillageInfo): readonly Weekday[] => (daily(v) ? days : family[patternOf.get(v.node.id)!]!);
  return { ...st, fBase, family, daily, patternOf, villageDays };
}
