/**
 * The planner's phases one by one (src/timetable/phases), on the small hand-made county of
 * small-county.ts: each phase is run on the state of the phases before it and checked for what it
 * adds. Deterministic: iteration budget, fixed seed.
 */
import { describe, expect, it } from 'vitest';
import type { Weekday } from '../../src/domain/dataset.ts';
import { resolveSettings, type PlanSettings } from '../../src/timetable/index.ts';
import { assemblePhase } from '../../src/timetable/phases/assemble.ts';
import { budgetPhase } from '../../src/timetable/phases/budget.ts';
import { busPhase } from '../../src/timetable/phases/bus.ts';
import { coldChainPhase } from '../../src/timetable/phases/cold-chain.ts';
import { planContext } from '../../src/timetable/phases/context.ts';
import { villageJobs } from '../../src/timetable/phases/jobs.ts';
import { patternsPhase } from '../../src/timetable/phases/patterns.ts';
import { poolsPhase } from '../../src/timetable/phases/pools.ts';
import { rescuePhase } from '../../src/timetable/phases/rescue.ts';
import type { AfterBus, PassOptions, PlanContext } from '../../src/timetable/phases/state.ts';
import { syncPhase } from '../../src/timetable/phases/sync.ts';
import { priorityPhase } from '../../src/timetable/phases/priority.ts';
import { timingPhase } from '../../src/timetable/phases/timing.ts';
import { toHHMM, toMinutes } from '../../src/timetable/time.ts';
import { checkTimetable } from './checker.ts';
import { checkDriverRules } from './driver-rules-checker.ts';
import { CHILLED, H1, H2, smallCounty, V11, V12, V13, V14, V15, V21, V22, W } from './small-county.ts';

const { ds, m } = smallCounty();
const ctxOf = (opts: PassOptions = {}, settings: Partial<PlanSettings> = {}): PlanContext =>
  planContext(ds, m, resolveSettings({ patternSweep: 'pool', ...settings }), { seed: 1, iterations: 150, ...opts });
const ALL = [V11, V12, V13, V14, V15, V21, V22];
/** Road cost per week far above any bus fee (every bus-eligible village pays its fee). */
const dear = new Map(ALL.map((v) => [v, 1e6]));
/** No road cost: no bus leg pays. */
const free = new Map(ALL.map((v) => [v, 0]));

function upToBus(ctx: PlanContext): AfterBus {
  const bus = busPhase(ctx, patternsPhase(ctx, poolsPhase(ctx)));
  if (!bus) throw new Error('bus phase skipped the pass');
  return bus;
}
function upToSync(ctx: PlanContext) {
  return syncPhase(ctx, coldChainPhase(ctx, budgetPhase(ctx, upToBus(ctx))));
}

describe('pools phase', () => {
  it('routes villages from a hub with a vehicle, else (hub without vehicle, or near the warehouse) from the warehouse', () => {
    const { poolOf, villages } = poolsPhase(ctxOf());
    expect(villages.map((v) => v.node.id)).toEqual(ALL);
    for (const v of [V11, V12, V13, V14]) expect(poolOf.get(v)).toBe(H1);
    expect(poolOf.get(V15)).toBe(W);
    expect(poolOf.get(V21)).toBe(W);
    expect(poolOf.get(V22)).toBe(W);
  });

  it('with allDirect, every village goes from the warehouse', () => {
    const { poolOf } = poolsPhase(ctxOf({ allDirect: true }));
    expect(ALL.map((v) => poolOf.get(v))).toEqual(ALL.map(() => W));
  });
});

describe('patterns phase', () => {
  for (const sweep of ['pool', 'county'] as const) {
    it(`(${sweep} sweep) partitions the service days; each village gets one pattern, a high-demand one every day`, () => {
      const ctx = ctxOf({}, { patternSweep: sweep });
      const st = patternsPhase(ctx, poolsPhase(ctx));
      expect(st.fBase).toBe(3);
      expect(st.family.flat().sort()).toEqual([...ctx.days].sort());
      expect(new Set(st.family.flat()).size).toBe(ctx.days.length);
      for (const v of st.villages) {
        const days = st.villageDays(v);
        expect(days.length).toBeGreaterThanOrEqual(v.required);
        if (v.node.id === V13) {
          expect(st.daily(v)).toBe(true);
          expect(days).toEqual(ctx.days);
        } else {
          expect(st.daily(v)).toBe(false);
          expect(days).toEqual(st.family[st.patternOf.get(v.node.id)!]);
        }
      }
      // the sweep balances load: both patterns get villages
      expect(new Set([...st.patternOf.values()]).size).toBe(2);
    });
  }
});

describe('bus phase', () => {
  it('when the road costs more than the fee, the village on the bus line rides it on its own pattern, down and up', () => {
    const st = upToBus(ctxOf({ busGain: dear }));
    expect([...st.bus.keys()]).toEqual([V22]);
    const c = st.bus.get(V22)!;
    expect(c.down.trip.tripId).toBe('B-down');
    expect(c.up?.trip.tripId).toBe('B-up');
    expect(c.days).toEqual(st.villageDays(st.villages.find((v) => v.node.id === V22)!));
    expect(c.feePerWeek).toBeGreaterThan(0);
    expect(st.busUsage.kg.get('B-down')).toBeCloseTo(c.down.kg, 9);
  });

  it('when the road costs nothing, or without buses, no village rides the bus', () => {
    expect(upToBus(ctxOf({ busGain: free })).bus.size).toBe(0);
    expect(upToBus(ctxOf({ busGain: dear, noBus: true })).bus.size).toBe(0);
  });

  it('skips the pass (null) when the bus choice repeats unlessBus', () => {
    const ctx = ctxOf({ busGain: dear, unlessBus: new Set([V22]) });
    expect(busPhase(ctx, patternsPhase(ctx, poolsPhase(ctx)))).toBeNull();
    const other = ctxOf({ busGain: dear, unlessBus: new Set([V21]) });
    expect(busPhase(other, patternsPhase(other, poolsPhase(other)))).not.toBeNull();
  });
});

describe('budget phase (router)', () => {
  it('offers only the time a vehicle has not been booked for: runs after a booking start after it', () => {
    const ctx = ctxOf({ busGain: free });
    const st = budgetPhase(ctx, upToBus(ctx));
    const days: Weekday[] = ['mon', 'wed', 'fri'];
    const jobs = st.villages.filter((v) => [V15, V21, V22].includes(v.node.id)).flatMap((v) => villageJobs(ctx.S, v, 2));
    const t1 = ds.fleet.find((v) => v.id === 'T1')!;
    const before = st.router.solveSlots(W, jobs, [t1], null, days);
    expect(before.unassigned).toEqual([]);
    expect(Math.min(...before.runs.map((r) => r.stops[0]!.depart))).toBeLessThan(11 * 60);
    const booking = { ...before.runs[0]!, stops: [{ ...before.runs[0]!.stops[0]!, depart: 8 * 60 }, { ...before.runs[0]!.stops[0]!, arrive: 11 * 60 }] };
    st.router.reserve([booking], ['wed']);
    const after = st.router.solveSlots(W, jobs, [t1], null, days);
    expect(after.runs.length).toBeGreaterThan(0);
    for (const r of after.runs) expect(r.stops[0]!.depart).toBeGreaterThanOrEqual(11 * 60 - 1e-6);
  });
});

describe('cold-chain phase', () => {
  it('serves chilled freight on refrigerated vehicles only, on coldVisitsPerWeek days, and books the reefers', () => {
    const ctx = ctxOf({ busGain: free });
    const st = coldChainPhase(ctx, budgetPhase(ctx, upToBus(ctx)));
    expect(st.cold.length).toBeGreaterThan(0);
    const fleet = new Map(ds.fleet.map((v) => [v.id, v]));
    for (const l of st.cold) {
      expect(l.coldChain).toBe(true);
      expect(l.lineId).toMatch(/^C-/);
      expect(fleet.get(l.run.vehicle.id)!.refrigerated).toBe(true);
      expect(l.days).toHaveLength(1);
      for (const s of l.run.stops.slice(1, -1)) {
        expect(CHILLED).toContain(s.node);
        expect(s.chilledKg).toBeGreaterThan(0);
      }
    }
    for (const v of CHILLED) expect(st.chilledDays.has(v) || st.chilledReason.has(v)).toBe(true);
    expect(st.chilledDays.size).toBe(CHILLED.length);
    // the reefer's cold runs are booked: a later solve on the reefer avoids them
    const l = st.cold[0]!;
    const jobs = st.villages.filter((v) => v.node.id === V15).flatMap((v) => villageJobs(ctx.S, v, 1));
    const r1 = st.router.solveSlots(W, jobs, [l.run.vehicle], null, l.days);
    const from = l.run.stops[0]!.depart, to = l.run.stops[l.run.stops.length - 1]!.arrive;
    for (const r of r1.runs) expect(r.stops[r.stops.length - 1]!.arrive <= from + 1e-6 || r.stops[0]!.depart >= to - 1e-6).toBe(true);
  });
});

describe('sync phase', () => {
  it('feeders leave the hub after their trunk line has arrived plus the transfer time; every routed village is visited on its days or unserved', () => {
    const ctx = ctxOf({ busGain: free }, { closeHubs: false });
    const st = upToSync(ctx);
    const feeders = st.road.filter((l) => l.tier === 'feeder');
    expect(feeders.length).toBeGreaterThan(0);
    for (const f of feeders) {
      expect(f.run.stops[0]!.node).toBe(H1);
      const trunk = st.road.find((l) => l.lineId === f.feedsFrom)!;
      expect(trunk.tier).toBe('trunk');
      expect(trunk.days).toEqual(f.days);
      const atHub = trunk.run.stops.find((s) => s.node === H1 && s.jobId !== null)!;
      expect(f.run.stops[0]!.depart).toBeGreaterThanOrEqual(atHub.arrive + ctx.S.transferMinutes - 1e-6);
    }
    expect(st.road.some((l) => l.run.stops.some((s) => s.node === H2))).toBe(false);
    for (const v of st.villages) {
      const runs = st.villageRuns.get(v.node.id) ?? [];
      if (st.unserved.has(v.node.id)) continue;
      expect(runs.flatMap((r) => r.days).sort()).toEqual([...st.villageDays(v)].sort());
      // a hub's villages ride its feeders; the warehouse's ride warehouse lines (direct, or a trunk on its way)
      const depots = new Set(runs.map((r) => st.road.find((l) => l.lineId === r.lineId)!.run.stops[0]!.node));
      expect([...depots]).toEqual([st.poolOf.get(v.node.id)]);
    }
    expect(st.unserved.size).toBe(0);
  });

  it('with closeHubs, a plan only closes a hub when that costs less (never more than with the hub open)', () => {
    const cost = (closeHubs: boolean): number => {
      const ctx = ctxOf({ busGain: free }, { closeHubs });
      const st = upToSync(ctx);
      return st.road.reduce((a, l) => a + st.router.runCost(l.run) * l.days.length, 0);
    };
    expect(cost(true)).toBeLessThanOrEqual(cost(false) + 1e-6);
  });
});

describe('rescue phase', () => {
  it('puts unserved villages on a bus when one stops there, whatever it costs; the others stay unserved', () => {
    const ctx = ctxOf({ busGain: free }, { closeHubs: false });
    const st = upToSync(ctx);
    expect(st.bus.size).toBe(0);
    const forced = { ...st, unserved: new Map([[V22, 'no road run'], [V12, 'no road run']]) };
    const out = rescuePhase(ctx, forced);
    expect([...out.bus.keys()]).toEqual([V22]);
    expect(out.bus.get(V22)!.feePerWeek).toBeGreaterThan(0);
    expect([...out.unserved.keys()]).toEqual([V12]);
    expect(forced.unserved.size).toBe(2); // the state it was given is not changed
    const noBus = rescuePhase(ctxOf({ busGain: free, noBus: true }, { closeHubs: false }), forced);
    expect(noBus.bus.size).toBe(0);
    expect(noBus.unserved.size).toBe(2);
  });
});

describe('assembly phase', () => {
  it('builds a timetable that passes the independent checker; totals add up the lines and bus fees', () => {
    const ctx = ctxOf({ busGain: dear });
    const st = rescuePhase(ctx, upToSync(ctx));
    const tt = assemblePhase(ctx, st);
    expect(checkTimetable(ds, m, tt, ctx.S)).toEqual([]);
    expect(tt.lines.map((l) => l.id)).toEqual([...st.cold, ...st.road].map((l) => l.lineId));
    const km = tt.lines.reduce((a, l) => a + l.km * l.weekdays.length, 0);
    expect(Math.abs(tt.totals.kmPerWeek - km)).toBeLessThan(0.01 * tt.lines.length + 1e-9);
    const fees = tt.busLegs.reduce((a, b) => a + b.feePerWeek, 0);
    expect(Math.abs(tt.totals.busFeesPerWeek - fees)).toBeLessThan(0.02);
    const v22 = tt.villages.find((v) => v.code === V22)!;
    expect(v22.mode).toBe('bus');
    expect(tt.busLegs.filter((b) => b.node === V22).map((b) => b.direction).sort()).toEqual(['down', 'up']);
    for (const v of tt.villages) {
      if (v.mode === 'feeder') expect(v.line).toMatch(/^F-630000001-/);
      if (v.mode === 'direct') expect(v.line).toMatch(/^[DT]-/);
      expect(v.chilledLine !== null).toBe(CHILLED.includes(v.code));
    }
    expect(tt.settings.patterns).toEqual(st.family);
    expect(toMinutes(tt.lines[0]!.stops[0]!.depart)).toBeGreaterThanOrEqual(0);
  });
});

describe('priority phase', () => {
  it('an unserved poor village takes the road visits of a lighter village of its township; the number unserved stays the same', () => {
    const nodes = ds.nodes.map((n) => (n.id === V12 ? { ...n, poor: true } : n));
    const short = { ...ds, nodes, nodeById: new Map(nodes.map((n) => [n.id, n])), fleet: ds.fleet.filter((v) => v.id === 'T1').map((v) => ({ ...v, capacityKg: 150 })) };
    const ctx = planContext(short, m, resolveSettings({ patternSweep: 'pool', multiTripSlots: 1 }), { seed: 1, iterations: 60, noBus: true });
    const solved = syncPhase(ctx, coldChainPhase(ctx, budgetPhase(ctx, upToBus(ctx))));
    // the router already served the poor village; take it off its line, as a sub-problem on
    // another pattern would have left it, so that only this phase can bring it back
    const line = solved.road.find((r) => r.run.stops.some((s) => s.node === V12 && s.jobId !== null))!;
    const stripped = { ...line, run: { ...line.run, stops: line.run.stops.filter((s) => s.node !== V12) } };
    const before = {
      ...solved,
      road: solved.road.map((r) => (r === line ? stripped : r)),
      villageRuns: new Map([...solved.villageRuns].filter(([id]) => id !== V12)),
      unserved: new Map([...solved.unserved, [V12, 'left out']]),
    };
    const after = priorityPhase(ctx, before);
    expect(after.unserved.size).toBe(before.unserved.size);
    expect(after.unserved.has(V12)).toBe(false);
    expect(after.villageRuns.get(V12)?.length).toBeGreaterThan(0);
    const gave = [...after.unserved].filter(([, why]) => why.startsWith(`gave way to ${V12}`)).map(([id]) => id);
    expect(gave.length).toBeGreaterThan(0);
    for (const id of gave) expect(short.nodeById.get(id)!.parent).toBe(H1);
    const tt = assemblePhase(ctx, timingPhase(ctx, rescuePhase(ctx, after)));
    expect(checkTimetable(short, m, tt, ctx.S)).toEqual([]);
    expect(checkDriverRules(tt)).toEqual([]);
  });
});

describe('timing phase', () => {
  it('moves cold-chain and feeder runs earlier as a whole, by whole minutes, never later, and keeps the plan valid', () => {
    const ctx = ctxOf({ busGain: free });
    const st = rescuePhase(ctx, upToSync(ctx));
    const timed = timingPhase(ctx, st);
    const pairs = [...st.cold.map((s, i) => [s, timed.cold[i]!] as const), ...st.road.map((s, i) => [s, timed.road[i]!] as const)];
    for (const [a, b] of pairs) {
      const delta = a.run.stops[0]!.depart - b.run.stops[0]!.depart;
      expect(delta).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(Math.round(delta * 1e6) / 1e6)).toBe(true);
      if (a.tier !== 'feeder' && !a.coldChain) expect(delta).toBe(0);
      a.run.stops.forEach((s, i) => expect(b.run.stops[i]!.arrive).toBeCloseTo(s.arrive - delta, 6));
      expect(toMinutes(toHHMM(b.run.stops[0]!.depart))).toBeGreaterThanOrEqual(ctx.earliest - (a.tier === 'feeder' ? Infinity : 0));
    }
    const tt = assemblePhase(ctx, timed);
    expect(checkTimetable(ds, m, tt, ctx.S)).toEqual([]);
    expect(checkDriverRules(tt)).toEqual([]);
  });
});
