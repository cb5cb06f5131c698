/**
 * Bus phase: villages whose road visits cost more than their fee ride bus legs (../bus.ts). The road
 * cost of a village is the measured removal gain when the pass has one (`busGain`), else an
 * insertion estimate: the cheapest detour between two of its six nearest pool neighbours (or the
 * depot), per visit, times its visits per week. Reads `Pools`, `Patterns`; adds `BusLegs`. Returns
 * null when the choice equals `unlessBus` (the pass would repeat a plan already made).
 */
import { chooseBus, type BusChoice, type BusUsage } from '../bus.ts';
import { km, minutes, type VillageInfo } from '../villages.ts';
import type { AfterBus, AfterPatterns, PlanContext } from './state.ts';

/** Insertion estimate of the road cost per week of visiting `v` (yuan); Infinity without a vehicle. */
export function insertionCostPerWeek(ctx: PlanContext, st: AfterPatterns): (v: VillageInfo) => number {
  const { matrix, S, wh } = ctx;
  const poolVillages = new Map<string, VillageInfo[]>();
  for (const v of st.villages) {
    const p = st.poolOf.get(v.node.id)!;
    poolVillages.set(p, [...(poolVillages.get(p) ?? []), v]);
  }
  return (v) => {
    const p = st.poolOf.get(v.node.id)!;
    const veh = (ctx.ambientFleet.get(p) ?? ctx.ambientFleet.get(wh) ?? [])[0];
    if (!veh) return Infinity;
    const others = [p, ...(poolVillages.get(p) ?? []).filter((o) => o !== v).map((o) => o.node.id)];
    others.sort((a, b) => km(matrix, v.node.id, a) - km(matrix, v.node.id, b) || (a < b ? -1 : 1));
    const nearK = others.slice(0, 6);
    let detKm = Infinity;
    let detMin = Infinity;
    for (const a of nearK) {
      for (const b of nearK) {
        const dk = km(matrix, a, v.node.id) + km(matrix, v.node.id, b) - (a === b ? 0 : km(matrix, a, b));
        if (dk < detKm) {
          detKm = dk;
          detMin = minutes(matrix, a, v.node.id) + minutes(matrix, v.node.id, b) - (a === b ? 0 : minutes(matrix, a, b));
        }
      }
    }
    const perVisit = detKm * veh.costPerKm + ((detMin + S.villageServiceMinutes) * veh.costPerHour) / 60;
    return perVisit * st.villageDays(v).length;
  };
}

export function busPhase(ctx: PlanContext, st: AfterPatterns): AfterBus | null {
  const { opts } = ctx;
  const estimate = insertionCostPerWeek(ctx, st);
  const roadCostPerWeek = (v: VillageInfo): number => opts.busGain?.get(v.node.id) ?? estimate(v);
  const busUsage: BusUsage = { kg: new Map(), m3: new Map() };
  const bus: Map<string, BusChoice> = opts.noBus ? new Map() : chooseBus(ctx.ds, st.villages, ctx.S, roadCostPerWeek, busUsage, st.villageDays);
  if (opts.unlessBus && opts.unlessBus.size === bus.size && [...bus.keys()].every((id) => opts.unlessBus!.has(id))) return null;
  ctx.progress('bus', 0.05, `${bus.size} villages by bus`);
  return { ...st, bus, busUsage };
}
