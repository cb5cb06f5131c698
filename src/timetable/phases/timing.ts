/**
 * Timing phase: the departure rule for the runs that may leave later than needed (docs/timetable.md
 * §2 "Departure rule"). Cold-chain runs are planned in the reefers' last free window and keep the
 * solver's late departure, so the reefers' mornings stay free for ambient work; feeders were planned
 * after a trunk arrival that closing hubs or a later round may have made earlier. Once every run is
 * known, each of them is moved earlier, as a whole and by whole minutes (so the HH:MM gaps, breaks and driving stay
 * the same), as far as cut-off + loading (`earliestTrunkDeparture`), the vehicle's shift start, its
 * stops' opening hours, for a feeder its trunk's arrival + transfer, and its vehicle's earlier runs
 * on the same days (plus a break) allow, and only while the vehicle's on-duty span stays within its
 * class limit. Reads `ColdChain`, `RoadLines`; replaces `cold`, feeder runs of `road`, `villageRuns`.
 */
import type { Run } from '../routing.ts';
import { vehicleClass } from '../settings.ts';
import { toMinutes } from '../time.ts';
import type { AfterSync, PlanContext, ServedRun } from './state.ts';

/** `run` with every time `delta` minutes earlier. */
export function shiftRun(run: Run, delta: number): Run {
  return { ...run, stops: run.stops.map((s) => ({ ...s, arrive: s.arrive - delta, depart: s.depart - delta })) };
}

export function timingPhase(ctx: PlanContext, st: AfterSync): AfterSync {
  const { S, ds } = ctx;
  const B = S.minBreakMinutes;
  let all: ServedRun[] = [...st.cold, ...st.road];
  /** A trunk's arrival at each hub where it drops freight, by trunk line. */
  const trunkAt = (lineId: string, hub: string): number | undefined =>
    all.find((x) => x.lineId === lineId)?.run.stops.find((s, i) => i > 0 && s.node === hub && s.jobId?.includes('hub:'))?.arrive;
  const advance = (sr: ServedRun): ServedRun => {
    const r = sr.run;
    const dep = r.stops[0]!.depart;
    const end = r.stops[r.stops.length - 1]!.arrive;
    let lo = Math.max(sr.tier === 'feeder' ? 0 : ctx.earliest, toMinutes(r.vehicle.shiftStart));
    if (sr.tier === 'feeder') {
      const at = sr.feedsFrom ? trunkAt(sr.feedsFrom, r.vehicle.depot) : undefined;
      if (at === undefined) return sr;
      lo = Math.max(lo, at + S.transferMinutes);
    }
    const service = sr.coldChain ? S.coldServiceMinutes : S.villageServiceMinutes;
    for (const s of r.stops) {
      if (s.jobId === null) continue;
      const node = ds.nodeById.get(s.node)!;
      // service starts at depart - service and must stay within the opening hours
      lo = Math.max(lo, dep - (s.depart - service - toMinutes(node.open)));
    }
    const others = all.filter((o) => o !== sr && o.run.vehicle.id === r.vehicle.id && o.days.some((d) => sr.days.includes(d)));
    for (const o of others) {
      const oEnd = o.run.stops[o.run.stops.length - 1]!.arrive;
      if (oEnd <= dep + 1e-9) lo = Math.max(lo, oEnd + B);
    }
    let delta = Math.floor(dep - lo + 1e-9);
    if (delta > 0) {
      const limit = S.shiftLimitMinutes[vehicleClass(r.vehicle, ctx.wh)];
      for (const d of sr.days) {
        const same = others.filter((o) => o.days.includes(d));
        const to = Math.max(end - delta, ...same.map((o) => o.run.stops[o.run.stops.length - 1]!.arrive));
        const from = Math.min(dep - delta, ...same.map((o) => o.run.stops[0]!.depart));
        if (to - from > limit) delta = 0;
      }
    }
    const moved = delta > 0 ? { ...sr, run: shiftRun(r, delta) } : sr;
    all = all.map((x) => (x === sr ? moved : x));
    return moved;
  };
  const cold = st.cold.map(advance);
  const road = st.road.map((sr) => (sr.tier === 'feeder' ? advance(sr) : sr));
  // the villages of moved feeders are reached earlier
  const arriveAt = new Map<string, number>();
  for (const sr of road) if (sr.tier === 'feeder') for (const s of sr.run.stops) if (s.jobId !== null) arriveAt.set(`${sr.lineId}|${s.node}`, s.arrive);
  const villageRuns = new Map([...st.villageRuns].map(([id, list]) => [id, list.map((vr) => ({ ...vr, arrive: arriveAt.get(`${vr.lineId}|${id}`) ?? vr.arrive }))]));
  return { ...st, cold, road, villageRuns };
}
