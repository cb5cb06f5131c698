/**
 * Assembly phase: the `Timetable` (src/domain/timetable.ts) from the plan state: cold-chain lines,
 * then road lines pattern by pattern, the bus legs, each village's service (bus, feeder, direct or
 * unserved with the reason; its cold-chain line) and the weekly totals. Reads the whole `PlanState`.
 */
import type { Weekday } from '../../domain/dataset.ts';
import type { BusLeg, Line, LineStop, Timetable, VillageService } from '../../domain/timetable.ts';
import { formatInstant } from '../../domain/time.ts';
import { meanLeadTimeHours } from '../../../solver/index.ts';
import { unservedReason } from '../reasons.ts';
import { toHHMM } from '../time.ts';
import { DEFAULT_PLAN_SECONDS, type PlanContext, type PlanState, type ServedRun } from './state.ts';

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** A served run as a line: stops in "HH:MM", kg and km rounded to 0.01, m3 to 0.001. */
export function lineOf(s: ServedRun): Line {
  const stops: LineStop[] = s.run.stops.map((st) => ({
    node: st.node,
    arrive: toHHMM(st.arrive),
    depart: toHHMM(st.depart),
    ...(st.jobId ? { dropKg: round2(st.dropKg), pickKg: round2(st.pickKg) } : {}),
    ...(st.jobId && st.chilledKg > 0 ? { chilledKg: round2(st.chilledKg) } : {}),
    ...(st.kind === 'break' ? { kind: 'break' as const, ...(st.toward ? { toward: st.toward } : {}) } : {}),
  }));
  return {
    id: s.lineId,
    tier: s.tier,
    vehicle: s.run.vehicle.id,
    weekdays: [...s.days],
    stops,
    km: round2(s.run.km),
    minutes: round2(s.run.minutes),
    loadKg: round2(s.run.loadKg),
    loadM3: round2(s.run.loadM3 * 1000) / 1000,
    ...(s.feedsFrom ? { feedsFrom: s.feedsFrom } : {}),
    ...(s.coldChain ? { coldChain: true } : {}),
  };
}

/** Each village's service and the bus legs, in network order. */
export function villageServices(ctx: PlanContext, st: PlanState, served: readonly ServedRun[]): { villages: VillageService[]; busLegs: BusLeg[] } {
  const { days, cutoff } = ctx;
  const busLegs: BusLeg[] = [];
  const out: VillageService[] = [];
  for (const v of st.villages) {
    const id = v.node.id;
    const chilled = st.chilledDays.get(id);
    const coldPart = { chilledLine: chilled?.lineId ?? null, chilledWeekdays: (chilled?.days ?? []) as Weekday[] };
    const b = st.bus.get(id);
    if (b) {
      busLegs.push({ tripId: b.down.trip.tripId, node: id, weekdays: b.days, kg: round2(b.down.kg), m3: round3(b.down.m3), arrive: toHHMM(b.down.atVillage), feePerWeek: round2(b.feeDownPerWeek), direction: 'down' });
      if (b.up) busLegs.push({ tripId: b.up.trip.tripId, node: id, weekdays: b.days, kg: round2(b.up.kg), m3: round3(b.up.m3), arrive: toHHMM(b.up.atVillage), feePerWeek: round2(b.feeUpPerWeek), direction: 'up' });
      const visits = new Map(b.days.map((d) => [d as string, b.down.atVillage]));
      out.push({
        code: id, mode: 'bus', weekdays: b.days, visitsPerWeek: b.days.length, line: `bus:${b.down.trip.tripId}`,
        leadTimeHours: round2(meanLeadTimeHours(visits, days, cutoff) ?? 0), requiredVisitsPerWeek: v.required, lines: [`bus:${b.down.trip.tripId}`], ...coldPart,
      });
      continue;
    }
    const runs = st.villageRuns.get(id) ?? [];
    const reason = st.unserved.get(id);
    if (runs.length === 0 || reason !== undefined) {
      out.push({
        code: id, mode: 'unserved', weekdays: [], visitsPerWeek: 0, line: null, leadTimeHours: null,
        reason: unservedReason(ctx, st, v, reason), requiredVisitsPerWeek: v.required, lines: [], ...coldPart,
      });
      continue;
    }
    const visits = new Map<string, number>();
    for (const r of runs) for (const d of r.days) visits.set(d, r.arrive);
    const wd = days.filter((d) => visits.has(d));
    const lineIds = [...new Set(runs.map((r) => r.lineId))];
    const first = served.find((s) => s.lineId === lineIds[0]);
    out.push({
      code: id, mode: first?.tier === 'feeder' ? 'feeder' : 'direct', weekdays: wd, visitsPerWeek: wd.length, line: lineIds[0] ?? null,
      leadTimeHours: round2(meanLeadTimeHours(visits, days, cutoff) ?? 0), requiredVisitsPerWeek: v.required, lines: lineIds, ...coldPart,
    });
  }
  for (const [id, why] of st.chilledReason) {
    const i = out.findIndex((x) => x.code === id);
    if (i >= 0) out[i] = { ...out[i]!, chilledLine: null, reason: out[i]!.reason ?? `chilled freight: ${why}` };
  }
  return { villages: out, busLegs };
}

/** Weekly totals: km, hours, running cost per line-day, fixed cost per vehicle-day used, bus fees. */
export function totalsOf(ctx: PlanContext, st: PlanState, served: readonly ServedRun[]): Timetable['totals'] {
  let kmW = 0, hoursW = 0, costW = 0;
  const vehDays = new Set<string>();
  for (const s of served) {
    const d = s.days.length;
    kmW += s.run.km * d;
    hoursW += (s.run.minutes / 60) * d;
    costW += (s.run.km * s.run.vehicle.costPerKm + (s.run.minutes / 60) * s.run.vehicle.costPerHour) * d;
    for (const day of s.days) vehDays.add(`${s.run.vehicle.id}|${day}`);
  }
  const fixedById = new Map(ctx.ds.fleet.map((v) => [v.id, v.fixedCost]));
  for (const k of vehDays) costW += fixedById.get(k.split('|')[0]!) ?? 0;
  const busFees = [...st.bus.values()].reduce((a, b) => a + b.feePerWeek, 0);
  return {
    vehicles: new Set(served.map((s) => s.run.vehicle.id)).size,
    kmPerWeek: round2(kmW),
    vehicleHoursPerWeek: round2(hoursW),
    costPerWeek: round2(costW + busFees),
    busFeesPerWeek: round2(busFees),
  };
}

/** Nearest-rank p50 and p95 of the served villages' lead times (null when none is served). */
export function leadTimePercentiles(villages: readonly VillageService[]): { leadTimeHoursP50: number | null; leadTimeHoursP95: number | null } {
  const xs = villages.filter((v) => v.mode !== 'unserved' && v.leadTimeHours !== null).map((v) => v.leadTimeHours!).sort((a, b) => a - b);
  const at = (q: number): number | null => (xs.length ? xs[Math.max(0, Math.ceil(q * xs.length) - 1)]! : null);
  return { leadTimeHoursP50: at(0.5), leadTimeHoursP95: at(0.95) };
}

export function assemblePhase(ctx: PlanContext, st: PlanState): Timetable {
  const { ds, S, opts } = ctx;
  ctx.progress('assemble', 0.96);
  const served = [...st.cold, ...st.road];
  const lines = served.map(lineOf);
  const { villages, busLegs } = villageServices(ctx, st, served);
  const totals = { ...totalsOf(ctx, st, served), ...leadTimePercentiles(villages) };
  ctx.progress('done', 1);
  return {
    county: ds.countyCode,
    dataset: ds.slug,
    generatedAt: formatInstant(ctx.clock()),
    seed: ctx.seed,
    settings: {
      ...S, noBus: !!opts.noBus, allDirect: !!opts.allDirect, patterns: st.family.map((p) => [...p]),
      ...(opts.iterations !== undefined ? { iterations: opts.iterations } : { seconds: opts.seconds ?? DEFAULT_PLAN_SECONDS }),
    },
    lines,
    busLegs,
    villages,
    totals,
  };
}
