/**
 * Rescue phase: villages no road line could serve ride a bus when one stops there, whatever it
 * costs; then the fees of all the plan's legs are set (per trip: each trip's fee shared by all its
 * legs, rescued ones too). Reads `Pools`, `Patterns`, `BusLegs`, `RoadLines`; replaces `bus` (now
 * priced) and `unserved` (without the rescued villages).
 */
import { chooseBus, priceBus, type BusChoice } from '../bus.ts';
import type { AfterSync, PlanContext } from './state.ts';

export function rescuePhase(ctx: PlanContext, st: AfterSync): AfterSync {
  const { ds, S, opts } = ctx;
  const bus = new Map<string, BusChoice>(st.bus);
  const unserved = new Map(st.unserved);
  if (!opts.noBus && unserved.size) {
    const rescue = chooseBus(ds, st.villages.filter((v) => unserved.has(v.node.id)), S, () => Infinity, st.busUsage, st.villageDays);
    for (const [id, c] of rescue) {
      bus.set(id, c);
      unserved.delete(id);
    }
  }
  const priced = priceBus(bus, new Map(st.villages.map((v) => [v.node.id, v])), S);
  return { ...st, bus: priced, unserved };
}
