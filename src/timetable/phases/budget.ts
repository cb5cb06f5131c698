/**
 * Budget phase: the router every later routing phase solves through. It shares the pass's budget
 * over the routing sub-problems (with `iterations`, each gets that many; else an even share of the
 * time left over the solves still expected), gives solve k the seed `seed + k`, cuts the vehicles'
 * shifts into time slots around the runs already booked, and retries with shorter slots
 * (multi-trip) when stops are left unserved. Reads `Pools`, `Patterns`; adds `Routing`.
 */
import type { Vehicle, Weekday } from '../../domain/dataset.ts';
import { shiftSlots } from '../../../solver/index.ts';
import { routeJobs, type Run, type RoutingBudget, type RoutingResult, type SlotVehicle } from '../routing.ts';
import { vehicleClass } from '../settings.ts';
import { toMinutes } from '../time.ts';
import { DEFAULT_PLAN_SECONDS, type AfterBudget, type AfterBus, type PlanContext, type SlotRouter } from './state.ts';

/** A router for `expectedSolves` sub-problems within the pass's budget. */
export function slotRouter(ctx: PlanContext, expectedSolves: number): SlotRouter {
  const { S, opts, matrix, clock, t0 } = ctx;
  const budgetMs = (opts.seconds ?? DEFAULT_PLAN_SECONDS) * 1000;
  let solvesLeft = expectedSolves;
  let solveNo = 0;
  const budget = (): RoutingBudget => {
    solveNo++;
    if (opts.iterations !== undefined) return { seed: ctx.seed + solveNo, iterations: opts.iterations };
    const left = Math.max(0.05, (budgetMs - (clock() - t0)) / 1000);
    const share = left / Math.max(1, solvesLeft);
    solvesLeft = Math.max(1, solvesLeft - 1);
    return { seed: ctx.seed + solveNo, seconds: Math.max(0.05, share * 0.9) };
  };
  const runCost = (r: Run): number =>
    r.km * r.vehicle.costPerKm + (r.minutes / 60) * r.vehicle.costPerHour + r.vehicle.fixedCost / S.slotsPerDay;
  /** Time each vehicle is already committed, per weekday: [from, to] minutes and driving of its runs. */
  const busy = new Map<string, { day: string; from: number; to: number; driving: number }[]>();
  const reserve = (runs: readonly Run[], onDays: readonly Weekday[]): void => {
    for (const r of runs) {
      const list = busy.get(r.vehicle.id) ?? [];
      for (const d of onDays) list.push({ day: d, from: r.stops[0]!.depart, to: r.stops[r.stops.length - 1]!.arrive, driving: r.driving });
      busy.set(r.vehicle.id, list);
    }
  };
  /** Driving minutes each vehicle has left on every day of `onDays` (the daily driving limit). */
  const drivingLeft = (vehicles: readonly Vehicle[], onDays: readonly Weekday[]): Map<string, number> => {
    const out = new Map<string, number>();
    for (const veh of vehicles) {
      const list = busy.get(veh.id) ?? [];
      const used = Math.max(0, ...onDays.map((d) => list.filter((b) => b.day === d).reduce((a, b) => a + b.driving, 0)));
      out.set(veh.id, S.maxDailyDrivingMinutes - used);
    }
    return out;
  };
  const B = S.minBreakMinutes;
  let slotSeq = 0;
  /**
   * Time slots of `vehicles` free on every day of `onDays`: the shift (from `from` on) minus the
   * runs already reserved, each free window cut into about `perDay` slots of a shift's share
   * (`perDay` = 1: each free window is one slot). `last` keeps only the latest slot. Driver rules:
   * a slot begins at least `minBreakMinutes` after the vehicle's previous run that day ends and
   * ends that long before its next one (the driver rests at the depot between runs), and all of a
   * vehicle-day's runs lie within `shiftLimitMinutes` of its class (on-duty time).
   */
  const slotsFor = (vehicles: readonly Vehicle[], from: number | null, onDays: readonly Weekday[], opt: { perDay?: number; last?: boolean } = {}): SlotVehicle[] => {
    const out: SlotVehicle[] = [];
    const perDay = opt.perDay ?? S.slotsPerDay;
    for (const veh of vehicles) {
      const s0 = toMinutes(veh.shiftStart);
      const s1 = toMinutes(veh.shiftEnd);
      const limit = S.shiftLimitMinutes[vehicleClass(veh, ctx.wh)];
      const taken = (busy.get(veh.id) ?? []).filter((b) => onDays.includes(b.day as Weekday)).sort((x, y) => x.from - y.from);
      // on-duty span: with runs booked, every new run stays within `limit` of their span; without,
      // within `limit` of the earliest start (lines leave early, docs/timetable.md "Departure rule")
      let start = Math.max(s0, from ?? ctx.earliest);
      let end = s1;
      if (taken.length) {
        const first = Math.min(...taken.map((t) => t.from));
        const lastEnd = Math.max(...taken.map((t) => t.to));
        start = Math.max(start, lastEnd - limit);
        end = Math.min(end, first + limit);
      } else end = Math.min(end, start + limit);
      const windows: [number, number][] = [];
      let cur = start;
      for (const t of taken) {
        if (t.from - B > cur) windows.push([cur, Math.min(t.from - B, end)]);
        cur = Math.max(cur, t.to + B);
      }
      if (end > cur) windows.push([cur, end]);
      const unit = (s1 - s0) / perDay;
      let mine: SlotVehicle[] = [];
      for (const [a, b] of windows) {
        if (b - a < 60) continue;
        const k = Math.max(1, Math.round((b - a) / unit));
        // consecutive slots of one window are kept a break apart (the driver rests between runs)
        shiftSlots(Math.ceil(a), Math.floor(b), k).forEach(([x, y], j) => {
          if (y - x - (j > 0 ? B : 0) >= 30) mine.push({ vehicle: veh, slot: slotSeq++, start: j > 0 ? x + B : x, end: y, fixedShare: 1 / perDay });
        });
      }
      if (opt.last) mine = mine.slice(-1);
      out.push(...mine);
    }
    return out;
  };
  const solveSlots: SlotRouter['solveSlots'] = (depot, jobs, vehicles, from, onDays, last = false): RoutingResult => {
    const rules = { maxContinuous: S.maxContinuousDrivingMinutes, breakMinutes: B, maxDaily: S.maxDailyDrivingMinutes, drivingLeft: drivingLeft(vehicles, onDays), departLate: last };
    const first = routeJobs(matrix, depot, jobs, slotsFor(vehicles, from, onDays, { last }), budget(), rules);
    if (!first.unassigned.length || S.multiTripSlots === S.slotsPerDay) return first;
    const alt = routeJobs(matrix, depot, jobs, slotsFor(vehicles, from, onDays, { perDay: S.multiTripSlots }), budget(), rules);
    const cost = (r: RoutingResult): number => r.runs.reduce((a, x) => a + runCost(x), 0);
    return alt.unassigned.length < first.unassigned.length || (alt.unassigned.length === first.unassigned.length && cost(alt) < cost(first)) ? alt : first;
  };
  return { solveSlots, reserve, runCost };
}

export function budgetPhase(ctx: PlanContext, st: AfterBus): AfterBudget {
  const hubsWithFeeders = new Set([...st.poolOf.values()].filter((p) => p !== ctx.wh));
  // per pattern: trunk and feeders, each possibly twice (multi-trip); per cold pattern one; spare
  const expected = st.family.length * (2 + 2 * hubsWithFeeders.size) + ctx.days.length + 2;
  return { ...st, router: slotRouter(ctx, expected) };
}
