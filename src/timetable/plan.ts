/**
 * The timetable planner's orchestration (docs/timetable.md): policy → patterns → bus legs → per
 * weekday pattern: trunk/direct VRPTW from the warehouse, feeder VRPTWs from the hubs departing after
 * the trunk's arrival plus the transfer time, re-synchronised over a few rounds → cold-chain lines
 * → assembly of the `Timetable`. Pure apart from the injected clock (`Date.now` for the budget).
 */
import type { Dataset, TravelMatrix, Vehicle, Weekday } from '../domain/dataset.ts';
import type { BusLeg, Line, LineStop, Timetable, VillageService } from '../domain/timetable.ts';
import { formatInstant } from '../domain/time.ts';
import { ValidationError } from '../errors.ts';
import {
  meanLeadTimeHours,
  patternFamily,
  peakDaysCarried,
  roundUpFrequency,
  shiftSlots,
  sweepSplit,
} from '../../solver/index.ts';
import { chooseBus, priceBus, type BusChoice, type BusUsage } from './bus.ts';
import { removalGains } from './bus-gain.ts';
import { routeJobs, type Run, type RoutingResult, type SlotVehicle, type StopJob } from './routing.ts';
import { DEFAULT_PLAN_SETTINGS, resolveSettings, type PlanSettings } from './settings.ts';
import { toHHMM, toMinutes } from './time.ts';
import { ambientFleetByDepot, km, minutes, villageInfos, type VillageInfo } from './villages.ts';

/**
 * Default wall-clock budget of a plan in seconds (a demo county then finishes in about 35 s, plus
 * up to `BUS_BUDGET_SHARE` of it for the bus re-pricing rounds; the limit is 60 s).
 */
export const DEFAULT_PLAN_SECONDS = 30;

/** Planner options (see `PlanOptions` in index.ts). */
export interface PlannerOptions {
  readonly seed?: number;
  readonly seconds?: number;
  readonly iterations?: number;
  readonly noBus?: boolean;
  readonly allDirect?: boolean;
  readonly onProgress?: (p: { phase: string; fraction: number; message?: string }) => void;
  /** Milliseconds clock (default Date.now). */
  readonly clock?: () => number;
}

/** Internal options of one planning pass. */
interface PassOptions extends PlannerOptions {
  /** Road cost per week of villages measured on a solved plan (removal gains), replacing the insertion estimate. */
  readonly busGain?: ReadonlyMap<string, number>;
  /** Skip the pass (return null) when the bus choice equals this set of villages. */
  readonly unlessBus?: ReadonlySet<string>;
}

interface ServedRun {
  readonly lineId: string;
  readonly tier: 'trunk' | 'feeder' | 'direct';
  readonly run: Run;
  readonly days: readonly Weekday[];
  readonly feedsFrom?: string;
  readonly coldChain?: boolean;
}

function validate(s: PlanSettings): void {
  const issues: { field: string; reason: string }[] = [];
  const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  if (s.serviceDays.length === 0 || s.serviceDays.some((d) => !WEEK.includes(d))) issues.push({ field: 'serviceDays', reason: 'must be a non-empty list of mon..sun' });
  if (new Set(s.serviceDays).size !== s.serviceDays.length) issues.push({ field: 'serviceDays', reason: 'must not repeat a day' });
  for (const k of ['cutoff', 'earliestTrunkDeparture'] as const) {
    const m = /^(\d{2}):(\d{2})$/.exec(String(s[k]));
    if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) issues.push({ field: k, reason: 'must be HH:MM between 00:00 and 23:59' });
  }
  for (const k of Object.keys(s)) if (!(k in DEFAULT_PLAN_SETTINGS)) issues.push({ field: k, reason: 'is not a planner setting' });
  for (const k of Object.keys(s.policy)) if (!(k in DEFAULT_PLAN_SETTINGS.policy)) issues.push({ field: `policy.${k}`, reason: 'is not a policy setting' });
  if (!['trip', 'parcel'].includes(s.busFeeModel)) issues.push({ field: 'busFeeModel', reason: 'must be trip or parcel' });
  for (const k of ['transferMinutes', 'villageServiceMinutes', 'hubServiceMinutes', 'busFeePerKg', 'busFeePerTrip', 'kgPerParcel', 'busMaxKgPerVillageDay', 'busHandoverMinutes', 'hubDeadlineMinutes', 'coldServiceMinutes'] as const) {
    if (!(s[k] >= 0)) issues.push({ field: k, reason: 'must be a number >= 0' });
  }
  if (s.busFeePerParcel !== null && !(s.busFeePerParcel >= 0)) issues.push({ field: 'busFeePerParcel', reason: 'must be null or a number >= 0' });
  if (!(s.busCapacityShare > 0 && s.busCapacityShare <= 1)) issues.push({ field: 'busCapacityShare', reason: 'must be in (0, 1]' });
  if (!(s.loadFactor > 0)) issues.push({ field: 'loadFactor', reason: 'must be > 0' });
  if (!(Number.isInteger(s.slotsPerDay) && s.slotsPerDay >= 1)) issues.push({ field: 'slotsPerDay', reason: 'must be an integer >= 1' });
  if (!['auto', 'county', 'pool'].includes(s.patternSweep)) issues.push({ field: 'patternSweep', reason: 'must be auto, county or pool' });
  if (!(Number.isInteger(s.multiTripSlots) && s.multiTripSlots >= 1)) issues.push({ field: 'multiTripSlots', reason: 'must be an integer >= 1' });
  if (!(Number.isInteger(s.syncRounds) && s.syncRounds >= 1)) issues.push({ field: 'syncRounds', reason: 'must be an integer >= 1' });
  if (!(s.coldVisitsPerWeek >= 1)) issues.push({ field: 'coldVisitsPerWeek', reason: 'must be >= 1' });
  for (const k of ['stationVisits', 'poorVisits', 'otherVisits', 'highDemandVisits'] as const) {
    if (!(Number.isInteger(s.policy[k]) && s.policy[k] >= 1)) issues.push({ field: `policy.${k}`, reason: 'must be an integer >= 1' });
  }
  if (issues.length) throw new ValidationError(issues.map((i) => ({ file: 'settings', ...i })));
}

/** Rounds of bus re-pricing on solved routes (each a full routing pass). */
const BUS_ROUNDS = 2;
/**
 * Extra time for the bus rounds, as a share of the time budget: the road plan gets the whole
 * budget (as with --no-bus), and the bus rounds, when they re-route, up to this share on top.
 */
const BUS_BUDGET_SHARE = 0.25;

/** Plans the weekly timetable (see index.ts for the contract). */
export async function plan(ds: Dataset, matrix: TravelMatrix, partial: Partial<PlanSettings>, opts: PlannerOptions): Promise<Timetable> {
  // The dataset's bus fee terms (dataset.json `bus`) replace the planner's defaults; settings win.
  const S0 = resolveSettings({
    ...(ds.busFeeModel ? { busFeeModel: ds.busFeeModel } : {}),
    ...(ds.busFeePerTrip !== undefined ? { busFeePerTrip: ds.busFeePerTrip } : {}),
    ...partial,
  });
  validate(S0);
  const clock = opts.clock ?? (() => Date.now());
  const t0 = clock();
  const total = opts.seconds ?? DEFAULT_PLAN_SECONDS;
  const withBus = !opts.noBus && ds.bus.trips.length > 0;
  const baseSeconds = total;
  // progress: the road plan fills [0, span], the bus rounds the rest
  const span0 = withBus ? 1 / (1 + BUS_BUDGET_SHARE) : 1;
  const unservedOf = (t: Timetable): number => t.villages.filter((v) => v.mode === 'unserved').length;
  const better = (x: Timetable, y: Timetable): boolean =>
    unservedOf(x) < unservedOf(y) || (unservedOf(x) === unservedOf(y) && x.totals.costPerWeek < y.totals.costPerWeek - 1e-6);
  let cur: Timetable;
  let sweep: PlanSettings['patternSweep'] = S0.patternSweep;
  if (S0.patternSweep !== 'auto') {
    const span = span0;
    cur = (await planOnce(ds, matrix, S0, { ...opts, seconds: baseSeconds, onProgress: (p) => opts.onProgress?.({ ...p, fraction: p.fraction * span }) }))!;
  } else {
    // two constructions of the weekday patterns (a multi-start): sweep per pool, then county-wide;
    // keep the plan that serves more villages, then costs less. Each gets half the base budget.
    const span = span0 / 2;
    const report = (lo: number) => (p: { phase: string; fraction: number; message?: string }): void =>
      opts.onProgress?.({ ...p, fraction: lo + p.fraction * span });
    const a = (await planOnce(ds, matrix, { ...S0, patternSweep: 'pool' }, { ...opts, seconds: baseSeconds / 2, onProgress: report(0) }))!;
    const left = Math.max(0.1, baseSeconds - (clock() - t0) / 1000);
    const b = (await planOnce(ds, matrix, { ...S0, patternSweep: 'county' }, { ...opts, seconds: left, onProgress: report(span) }))!;
    cur = better(b, a) ? b : a;
    sweep = cur === b ? 'county' : 'pool';
  }
  if (withBus) {
    // bus legs priced on the solved routes: a village's road cost is what removing it from its lines
    // saves (removal gain); re-plan with the villages whose gain pays their fee on buses and keep the
    // new plan only when it serves as many villages for less (docs/timetable.md §2, step 4)
    const lo = span0;
    const end = total * (1 + BUS_BUDGET_SHARE);
    const gains = new Map<string, number>();
    for (let round = 0; round < BUS_ROUNDS; round++) {
      for (const [id, g] of removalGains(ds, matrix, cur)) gains.set(id, g);
      const left = Math.max(0.1, end - (clock() - t0) / 1000);
      const from = lo + ((1 - lo) * round) / BUS_ROUNDS;
      const next = await planOnce(ds, matrix, { ...S0, patternSweep: sweep }, {
        ...opts,
        seconds: round + 1 < BUS_ROUNDS ? (left * 2) / 3 : left,
        busGain: gains,
        unlessBus: new Set(cur.villages.filter((v) => v.mode === 'bus').map((v) => v.code)),
        onProgress: (p) => opts.onProgress?.({ ...p, fraction: from + (p.fraction * (1 - lo)) / BUS_ROUNDS }),
      });
      if (!next || !better(next, cur)) break;
      cur = next;
    }
    opts.onProgress?.({ phase: 'done', fraction: 1 });
  }
  return { ...cur, settings: { ...cur.settings, ...(opts.iterations === undefined ? { seconds: total } : {}) } };
}

async function planOnce(ds: Dataset, matrix: TravelMatrix, S: PlanSettings, opts: PassOptions): Promise<Timetable | null> {
  const seed = opts.seed ?? 1;
  const clock = opts.clock ?? (() => Date.now());
  const t0 = clock();
  const budgetMs = (opts.seconds ?? DEFAULT_PLAN_SECONDS) * 1000;
  const progress = (phase: string, fraction: number, message?: string): void =>
    opts.onProgress?.({ phase, fraction: Math.max(0, Math.min(1, fraction)), ...(message ? { message } : {}) });
  progress('prepare', 0);

  const wh = ds.warehouseId;
  const whNode = ds.nodeById.get(wh)!;
  const days = [...S.serviceDays] as Weekday[];
  const n = days.length;
  const villages = villageInfos(ds, S);
  const ambientFleet = ambientFleetByDepot(ds);
  const reefers = ds.fleet.filter((v) => v.refrigerated);
  const earliest = toMinutes(S.earliestTrunkDeparture);
  const cutoff = toMinutes(S.cutoff);

  // ---- pools: a village rides a feeder from its hub when the hub has a vehicle, else goes direct
  const poolOf = new Map<string, string>();
  for (const v of villages) {
    const hub = v.hub && ds.nodeById.get(v.hub)?.kind === 'township_hub' ? v.hub : null;
    const hubHasVehicle = hub !== null && (ambientFleet.get(hub)?.length ?? 0) > 0;
    const near = hub !== null && km(matrix, wh, v.node.id) <= Math.min(S.directRadiusKm, km(matrix, hub, v.node.id));
    poolOf.set(v.node.id, opts.allDirect || !hubHasVehicle || near ? wh : hub!);
  }

  // ---- patterns: a family of frequency fBase partitions the service days (solver/tiers/patterns.ts)
  const fBase = roundUpFrequency(Math.max(S.policy.stationVisits, S.policy.poorVisits, S.policy.otherVisits), n);
  const family = patternFamily(days, fBase);
  const daily = (v: VillageInfo): boolean => v.required > fBase;
  const patternOf = new Map<string, number>();
  {
    const byPool = new Map<string, VillageInfo[]>();
    for (const v of villages) {
      if (daily(v)) continue;
      const p = S.patternSweep === 'county' ? wh : poolOf.get(v.node.id)!;
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
  }
  const villageDays = (v: VillageInfo): Weekday[] => (daily(v) ? days : family[patternOf.get(v.node.id)!]!);

  // ---- bus legs: priced against an insertion estimate of the road cost of visiting the village
  const poolVillages = new Map<string, VillageInfo[]>();
  for (const v of villages) {
    const p = poolOf.get(v.node.id)!;
    poolVillages.set(p, [...(poolVillages.get(p) ?? []), v]);
  }
  const roadCostPerWeek = (v: VillageInfo): number => {
    const measured = opts.busGain?.get(v.node.id);
    if (measured !== undefined) return measured;
    const p = poolOf.get(v.node.id)!;
    const veh = (ambientFleet.get(p) ?? ambientFleet.get(wh) ?? [])[0];
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
    return perVisit * villageDays(v).length;
  };
  const busUsage: BusUsage = { kg: new Map(), m3: new Map() };
  let bus: Map<string, BusChoice> = opts.noBus ? new Map() : chooseBus(ds, villages, S, roadCostPerWeek, busUsage, villageDays);
  if (opts.unlessBus && opts.unlessBus.size === bus.size && [...bus.keys()].every((id) => opts.unlessBus!.has(id))) return null;
  progress('bus', 0.05, `${bus.size} villages by bus`);

  // ---- budget per routing sub-problem
  const hubsWithFeeders = new Set([...poolOf.values()].filter((p) => p !== wh));
  let solvesLeft = family.length * (2 + 2 * hubsWithFeeders.size) + n + 2;
  let solveNo = 0;
  const budget = (): { seed: number; iterations?: number; seconds?: number } => {
    solveNo++;
    if (opts.iterations !== undefined) return { seed: seed + solveNo, iterations: opts.iterations };
    const left = Math.max(0.05, (budgetMs - (clock() - t0)) / 1000);
    const share = left / Math.max(1, solvesLeft);
    solvesLeft = Math.max(1, solvesLeft - 1);
    return { seed: seed + solveNo, seconds: Math.max(0.05, share * 0.9) };
  };

  /** Running cost of one run-day: km, hours and the vehicle's fixed cost shared over its slots. */
  const runCost = (r: Run): number =>
    r.km * r.vehicle.costPerKm + (r.minutes / 60) * r.vehicle.costPerHour + r.vehicle.fixedCost / S.slotsPerDay;
  const served: ServedRun[] = [];
  const unserved = new Map<string, string>();
  const villageRuns = new Map<string, { lineId: string; days: readonly Weekday[]; arrive: number }[]>();
  const lf = S.loadFactor;

  /**
   * A village is a delivery job (down freight, with the stop's service time) plus a pickup job at the
   * same place (up freight, no extra service), so the solver tracks the true on-board load (it
   * handles deliveries and pickups on one route); the pair nearly always shares a run because a
   * split costs a second visit.
   */
  const villageJobs = (v: VillageInfo, peak: number): StopJob[] => {
    const tw: [number, number] = [toMinutes(v.node.open), toMinutes(v.node.close)];
    const out: StopJob[] = [
      { id: v.node.id, node: v.node.id, kind: 'delivery', kg: v.ambDownKg * peak * lf, m3: v.ambDownM3 * peak * lf, dropKg: v.ambDownKg * peak, pickKg: 0, chilledKg: 0, service: S.villageServiceMinutes, tw },
    ];
    if (v.ambUpKg > 0) {
      out.push({ id: `${v.node.id}#up`, node: v.node.id, kind: 'pickup', kg: v.ambUpKg * peak * lf, m3: v.ambUpM3 * peak * lf, dropKg: 0, pickKg: v.ambUpKg * peak, chilledKg: 0, service: 0, stopService: S.villageServiceMinutes, tw });
    }
    return out;
  };
  /** Time each vehicle is already committed, per weekday: [start, end] minutes of its runs. */
  const busy = new Map<string, { day: string; from: number; to: number }[]>();
  const reserve = (runs: readonly Run[], onDays: readonly Weekday[]): void => {
    for (const r of runs) {
      const list = busy.get(r.vehicle.id) ?? [];
      for (const d of onDays) list.push({ day: d, from: r.stops[0]!.depart, to: r.stops[r.stops.length - 1]!.arrive });
      busy.set(r.vehicle.id, list);
    }
  };
  let slotSeq = 0;
  /**
   * Time slots of `vehicles` free on every day of `onDays`: the shift (from `from` on) minus the
   * runs already reserved, each free window cut into about `perDay` slots of a shift's share
   * (`perDay` = 1: each free window is one slot). `last` keeps only the latest slot.
   */
  const slotsFor = (vehicles: readonly Vehicle[], from: number | null, onDays: readonly Weekday[], opt: { perDay?: number; last?: boolean } = {}): SlotVehicle[] => {
    const out: SlotVehicle[] = [];
    const perDay = opt.perDay ?? S.slotsPerDay;
    for (const veh of vehicles) {
      const s0 = toMinutes(veh.shiftStart);
      const s1 = toMinutes(veh.shiftEnd);
      const start = Math.max(s0, from ?? earliest);
      const taken = (busy.get(veh.id) ?? []).filter((b) => onDays.includes(b.day as Weekday)).sort((x, y) => x.from - y.from);
      const windows: [number, number][] = [];
      let cur = start;
      for (const t of taken) {
        if (t.from > cur) windows.push([cur, Math.min(t.from, s1)]);
        cur = Math.max(cur, t.to);
      }
      if (s1 > cur) windows.push([cur, s1]);
      const unit = (s1 - s0) / perDay;
      let mine: SlotVehicle[] = [];
      for (const [a, b] of windows) {
        if (b - a < 60) continue;
        const k = Math.max(1, Math.round((b - a) / unit));
        for (const [x, y] of shiftSlots(Math.ceil(a), Math.floor(b), k)) mine.push({ vehicle: veh, slot: slotSeq++, start: x, end: y, fixedShare: 1 / perDay });
      }
      if (opt.last) mine = mine.slice(-1);
      out.push(...mine);
    }
    return out;
  };

  /**
   * Solves with one run per free window of each vehicle-day (`slotsPerDay`, default 1); when stops
   * are left unserved, again with `multiTripSlots` shorter runs (multi-trip), keeping the result
   * that serves more, then costs less.
   */
  const solveSlots = (depot: string, jobs: readonly StopJob[], vehicles: readonly Vehicle[], from: number | null, onDays: readonly Weekday[], last = false): RoutingResult => {
    const first = routeJobs(matrix, depot, jobs, slotsFor(vehicles, from, onDays, { last }), budget());
    if (!first.unassigned.length || S.multiTripSlots === S.slotsPerDay) return first;
    const alt = routeJobs(matrix, depot, jobs, slotsFor(vehicles, from, onDays, { perDay: S.multiTripSlots }), budget());
    const cost = (r: RoutingResult): number => r.runs.reduce((a, x) => a + runCost(x), 0);
    return alt.unassigned.length < first.unassigned.length || (alt.unassigned.length === first.unassigned.length && cost(alt) < cost(first)) ? alt : first;
  };

  // ---- cold chain: chilled freight only on refrigerated vehicles, from the warehouse
  const chilledDays = new Map<string, { lineId: string; days: Weekday[] }>();
  const chilledReason = new Map<string, string>();
  {
    const fCold = roundUpFrequency(S.coldVisitsPerWeek, n);
    const coldFamily = patternFamily(days, fCold);
    const withChilled = villages.filter((v) => v.chilledKg > 0);
    const g = sweepSplit(
      withChilled.map((v) => ({ angle: Math.atan2(v.node.lat - whNode.lat, v.node.lon - whNode.lon), weight: v.chilledKg })),
      coldFamily.length,
    );
    for (const [ci, cDays] of coldFamily.entries()) {
      const list = withChilled.filter((_, i) => g[i] === ci);
      const peak = peakDaysCarried(cDays);
      const jobs: StopJob[] = list.map((v) => ({
        id: v.node.id,
        node: v.node.id,
        kind: 'delivery',
        kg: v.chilledKg * peak * lf,
        m3: v.chilledM3 * peak * lf,
        dropKg: v.chilledKg * peak * (v.ambDownKg / Math.max(1e-9, v.ambDownKg + v.ambUpKg)),
        pickKg: v.chilledKg * peak * (v.ambUpKg / Math.max(1e-9, v.ambDownKg + v.ambUpKg)),
        chilledKg: v.chilledKg * peak,
        service: S.coldServiceMinutes,
        tw: [toMinutes(v.node.open), toMinutes(v.node.close)],
        requiresRefrigerated: true,
      }));
      // cold runs first try the last free window of the day only, which keeps the reefers' mornings
      // free on every day for ambient trunk work
      const whReefers = reefers.filter((r) => r.depot === wh);
      const res = solveSlots(wh, jobs, whReefers, null, cDays, true);
      reserve(res.runs, cDays);
      const label = cDays.map((d) => d.slice(0, 2)).join('');
      res.runs.forEach((r, k) => {
        const lineId = `C-${label}-${k + 1}`;
        served.push({ lineId, tier: 'direct', run: r, days: cDays, coldChain: true });
        for (const st of r.stops) if (st.jobId) chilledDays.set(st.node, { lineId, days: cDays });
      });
      for (const u of res.unassigned) chilledReason.set(u.id, u.reason);
      // cold-chain lines are planned before the ambient routing (10–80 %), so they report 5–10 %
      progress('cold-chain', 0.05 + (0.05 * (ci + 1)) / coldFamily.length);
    }
  }

  // ---- per pattern of the family: trunk + feeders, re-synchronised
  for (const [gi, gDays] of family.entries()) {
    const inGroup = (v: VillageInfo): boolean => !bus.has(v.node.id) && (daily(v) || patternOf.get(v.node.id) === gi);
    const peakOf = (v: VillageInfo): number => peakDaysCarried(villageDays(v));
    const feederOf = new Map<string, VillageInfo[]>();
    const direct: VillageInfo[] = [];
    for (const v of villages) {
      if (!inGroup(v)) continue;
      const p = poolOf.get(v.node.id)!;
      if (p === wh) direct.push(v);
      else feederOf.set(p, [...(feederOf.get(p) ?? []), v]);
    }
    const deadline = new Map<string, number>();
    for (const h of feederOf.keys()) {
      const open = toMinutes(ds.nodeById.get(h)!.open);
      deadline.set(h, Math.max(open + S.hubDeadlineMinutes, earliest + minutes(matrix, wh, h) + 30));
    }
    const rescued = new Set<string>();
    let trunkRuns: Run[] = [];
    let feederRuns = new Map<string, Run[]>();
    let best: {
      trunk: Run[];
      feeders: Map<string, Run[]>;
      unserved: Map<string, string>;
      cost: number;
      jobs: StopJob[];
      activeOf: Map<string, VillageInfo[]>;
    } | null = null;
    for (let round = 0; round < S.syncRounds; round++) {
      const feederUnassigned = new Map<string, { id: string; reason: string }[]>();
      const jobs: StopJob[] = [];
      const activeOf = new Map<string, VillageInfo[]>();
      for (const [h, list] of [...feederOf.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const active = list.filter((v) => !rescued.has(v.node.id));
        if (!active.length) continue;
        activeOf.set(h, active);
        const hub = ds.nodeById.get(h)!;
        let down = 0, downM3 = 0, up = 0, upM3 = 0;
        for (const v of active) {
          down += v.ambDownKg * peakOf(v);
          downM3 += v.ambDownM3 * peakOf(v);
          up += v.ambUpKg * peakOf(v);
          upM3 += v.ambUpM3 * peakOf(v);
        }
        const tw: [number, number] = [Math.max(toMinutes(hub.open), earliest), Math.max(toMinutes(hub.open), deadline.get(h)!)];
        const priority = 1 + active.length;
        jobs.push({ id: `hub:${h}`, node: h, kind: 'delivery', kg: down * lf, m3: downM3 * lf, dropKg: down, pickKg: 0, chilledKg: 0, service: S.hubServiceMinutes, tw, priority });
        if (up > 0) {
          jobs.push({ id: `hubup:${h}`, node: h, kind: 'pickup', kg: up * lf, m3: upM3 * lf, dropKg: 0, pickKg: up, chilledKg: 0, service: 0, tw: [toMinutes(hub.open), toMinutes(hub.close)], priority });
        }
      }
      for (const v of [...direct, ...villages.filter((x) => rescued.has(x.node.id) && inGroup(x))]) jobs.push(...villageJobs(v, peakOf(v)));
      const whFleet = [...(ambientFleet.get(wh) ?? []), ...reefers.filter((r) => r.depot === wh)];
      const tr = solveSlots(wh, jobs, whFleet, null, gDays);
      trunkRuns = tr.runs;
      progress('routing', 0.1 + (0.7 * (gi + (round + 0.3) / S.syncRounds)) / family.length, `pattern ${gDays.join('-')}: trunk round ${round + 1}`);
      // hub arrival of the run that drops the hub's freight
      const arrival = new Map<string, number>();
      for (const r of trunkRuns) for (const st of r.stops) if (st.jobId?.split('+').some((j) => j.startsWith('hub:'))) arrival.set(st.node, st.arrive);
      feederRuns = new Map();
      let retry = false;
      for (const [h, list] of [...feederOf.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const active = list.filter((v) => !rescued.has(v.node.id));
        if (!active.length) continue;
        const arr = arrival.get(h);
        if (arr === undefined) {
          // the trunk could not reach the hub in its window: allow a later arrival next round (the
          // villages stay on the hub, whose feeders are cheaper than direct runs from the warehouse)
          const hub = ds.nodeById.get(h)!;
          const later = Math.min(toMinutes(hub.close) - 120, deadline.get(h)! + 90);
          if (later > deadline.get(h)!) {
            deadline.set(h, later);
            retry = true;
          }
          feederUnassigned.set(h, active.map((v) => ({ id: v.node.id, reason: 'no trunk run could reach its township hub with the available vehicles' })));
          continue;
        }
        const ready = arr + S.transferMinutes;
        const fr = solveSlots(h, active.flatMap((v) => villageJobs(v, peakOf(v))), ambientFleet.get(h) ?? [], ready, gDays);
        feederRuns.set(h, fr.runs);
        feederUnassigned.set(h, fr.unassigned);
        if (fr.unassigned.length) {
          retry = true;
          // earlier trunk arrival next round; villages left over go direct
          deadline.set(h, Math.max(earliest, deadline.get(h)! - 60));
          if (round + 1 < S.syncRounds) for (const u of fr.unassigned) rescued.add(u.id.replace(/#up$/, ''));
        }
      }
      progress('routing', 0.1 + (0.7 * (gi + (round + 1) / S.syncRounds)) / family.length, `pattern ${gDays.join('-')}: feeders round ${round + 1}`);
      // keep the best round: fewest unserved villages, then lowest running cost
      const roundUnserved = new Map<string, string>();
      for (const u of tr.unassigned) if (!u.id.startsWith('hub')) roundUnserved.set(u.id.replace(/#up$/, ''), u.reason);
      for (const list of feederUnassigned.values()) for (const u of list) roundUnserved.set(u.id.replace(/#up$/, ''), u.reason);
      const cost = [...trunkRuns, ...[...feederRuns.values()].flat()].reduce((a, r) => a + runCost(r), 0);
      if (!best || roundUnserved.size < best.unserved.size || (roundUnserved.size === best.unserved.size && cost < best.cost - 1e-9)) {
        best = { trunk: trunkRuns, feeders: feederRuns, unserved: roundUnserved, cost, jobs, activeOf };
      }
      if (!retry || round + 1 >= S.syncRounds) break;
    }
    if (best && S.closeHubs) {
      // close hubs that do not pay (the satellite-closing move of LNS-2E, Breunig et al. 2016):
      // hand a hub's villages to the warehouse lines, re-solve the trunk problem with the other hubs
      // no later than now (so their feeders stay synchronised), keep it if it serves as many villages
      // for less than the trunk plus the hub's feeders
      const whFleet = [...(ambientFleet.get(wh) ?? []), ...reefers.filter((r) => r.depot === wh)];
      const feederCost = (h: string): number => (best!.feeders.get(h) ?? []).reduce((a, r) => a + runCost(r), 0);
      const hubsByCost = [...best.feeders.keys()]
        .filter((h) => (best!.feeders.get(h) ?? []).length > 0)
        .sort((a, b) => feederCost(b) / best!.activeOf.get(b)!.length - feederCost(a) / best!.activeOf.get(a)!.length || (a < b ? -1 : 1));
      const tryClose = (hs: readonly string[]): boolean => {
        const cur = best!;
        const arrival = new Map<string, number>();
        for (const r of cur.trunk) for (const st of r.stops) if (st.jobId?.split('+').some((j) => j.startsWith('hub:'))) arrival.set(st.node, st.arrive);
        const closing = new Set(hs);
        const moved = hs.flatMap((h) => cur.activeOf.get(h) ?? []);
        const jobs2: StopJob[] = cur.jobs
          .filter((j) => !(closing.has(j.node) && (j.id.startsWith('hub:') || j.id.startsWith('hubup:'))))
          .map((j) => (j.id.startsWith('hub:') && arrival.has(j.node) ? { ...j, tw: [j.tw[0], Math.max(j.tw[0], Math.floor(arrival.get(j.node)!))] as const } : j));
        for (const v of moved) jobs2.push(...villageJobs(v, peakOf(v)));
        const tr2 = solveSlots(wh, jobs2, whFleet, null, gDays);
        const movedIds = new Set(moved.map((v) => v.node.id));
        const un2: Map<string, string> = new Map([...cur.unserved].filter(([id]) => !movedIds.has(id)));
        for (const u of tr2.unassigned) if (!u.id.startsWith('hub')) un2.set(u.id.replace(/#up$/, ''), u.reason);
        const hubLost = tr2.unassigned.some((u) => u.id.startsWith('hub:'));
        const oldCost: number = cur.trunk.reduce((x, r) => x + runCost(r), 0) + hs.reduce((x, h) => x + feederCost(h), 0);
        const newCost = tr2.runs.reduce((x, r) => x + runCost(r), 0);
        if (hubLost || un2.size > cur.unserved.size || newCost >= oldCost - 1e-6) return false;
        const feeders2: Map<string, Run[]> = new Map(cur.feeders);
        const activeOf2: Map<string, VillageInfo[]> = new Map(cur.activeOf);
        for (const h of hs) {
          feeders2.delete(h);
          activeOf2.delete(h);
        }
        best = { trunk: tr2.runs, feeders: feeders2, unserved: un2, cost: cur.cost - oldCost + newCost, jobs: jobs2, activeOf: activeOf2 };
        return true;
      };
      // all at once first (captures the economies of scale of warehouse lines), then one by one
      if (hubsByCost.length <= 1 || !tryClose(hubsByCost)) for (const h of hubsByCost) tryClose([h]);
    }
    if (best) {
      trunkRuns = best.trunk;
      feederRuns = best.feeders;
      for (const [id, why] of best.unserved) unserved.set(id, why);
    }
    // record
    const label = gDays.map((d) => d.slice(0, 2)).join('');
    const trunkLineOfHub = new Map<string, string>();
    trunkRuns.forEach((r, k) => {
      const hasHub = r.stops.some((st) => ds.nodeById.get(st.node)?.kind === 'township_hub' && st.jobId !== null);
      const lineId = `${hasHub ? 'T' : 'D'}-${label}-${k + 1}`;
      served.push({ lineId, tier: hasHub ? 'trunk' : 'direct', run: r, days: gDays });
      for (const st of r.stops) {
        if (st.jobId?.split('+').some((j) => j.startsWith('hub:'))) trunkLineOfHub.set(st.node, lineId);
        if (st.jobId && ds.nodeById.get(st.node)?.kind === 'village_point') {
          villageRuns.set(st.node, [...(villageRuns.get(st.node) ?? []), { lineId, days: gDays, arrive: st.arrive }]);
        }
      }
    });
    for (const [h, runs] of [...feederRuns.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      runs.forEach((r, k) => {
        const lineId = `F-${h}-${label}-${k + 1}`;
        const feedsFrom = trunkLineOfHub.get(h);
        served.push({ lineId, tier: 'feeder', run: r, days: gDays, ...(feedsFrom ? { feedsFrom } : {}) });
        for (const st of r.stops) {
          if (st.jobId) villageRuns.set(st.node, [...(villageRuns.get(st.node) ?? []), { lineId, days: gDays, arrive: st.arrive }]);
        }
      });
    }
  }

  // ---- villages no road line could serve ride a bus when one stops there (rescue, any cost)
  if (!opts.noBus && unserved.size) {
    const rescue = chooseBus(ds, villages.filter((v) => unserved.has(v.node.id)), S, () => Infinity, busUsage, villageDays);
    for (const [id, c] of rescue) {
      bus.set(id, c);
      unserved.delete(id);
    }
  }

  // fees of the whole plan's legs (per trip: each trip's fee shared by all its legs, rescued ones too)
  bus = priceBus(bus, new Map(villages.map((v) => [v.node.id, v])), S);

  // ---- assemble
  progress('assemble', 0.96);
  const lines: Line[] = served.map((s) => {
    const stops: LineStop[] = s.run.stops.map((st) => ({
      node: st.node,
      arrive: toHHMM(st.arrive),
      depart: toHHMM(st.depart),
      ...(st.jobId ? { dropKg: round2(st.dropKg), pickKg: round2(st.pickKg) } : {}),
      ...(st.jobId && st.chilledKg > 0 ? { chilledKg: round2(st.chilledKg) } : {}),
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
  });
  const busLegs: BusLeg[] = [];
  const villageOut: VillageService[] = [];
  for (const v of villages) {
    const id = v.node.id;
    const chilled = chilledDays.get(id);
    const coldPart = {
      chilledLine: chilled?.lineId ?? null,
      chilledWeekdays: chilled?.days ?? [],
    };
    const b = bus.get(id);
    if (b) {
      busLegs.push({ tripId: b.down.trip.tripId, node: id, weekdays: b.days, kg: round2(b.down.kg), m3: round3(b.down.m3), arrive: toHHMM(b.down.atVillage), feePerWeek: round2(b.feeDownPerWeek), direction: 'down' });
      if (b.up) busLegs.push({ tripId: b.up.trip.tripId, node: id, weekdays: b.days, kg: round2(b.up.kg), m3: round3(b.up.m3), arrive: toHHMM(b.up.atVillage), feePerWeek: round2(b.feeUpPerWeek), direction: 'up' });
      const visits = new Map(b.days.map((d) => [d as string, b.down.atVillage]));
      villageOut.push({
        code: id, mode: 'bus', weekdays: b.days, visitsPerWeek: b.days.length, line: `bus:${b.down.trip.tripId}`,
        leadTimeHours: round2(meanLeadTimeHours(visits, days, cutoff) ?? 0), requiredVisitsPerWeek: v.required, lines: [`bus:${b.down.trip.tripId}`], ...coldPart,
      });
      continue;
    }
    const runs = villageRuns.get(id) ?? [];
    const reason = unserved.get(id);
    if (runs.length === 0 || reason !== undefined) {
      villageOut.push({
        code: id, mode: 'unserved', weekdays: [], visitsPerWeek: 0, line: null, leadTimeHours: null,
        reason: reason ?? 'not routed', requiredVisitsPerWeek: v.required, lines: [], ...coldPart,
      });
      continue;
    }
    const visits = new Map<string, number>();
    for (const r of runs) for (const d of r.days) visits.set(d, r.arrive);
    const wd = days.filter((d) => visits.has(d));
    const lineIds = [...new Set(runs.map((r) => r.lineId))];
    const first = served.find((s) => s.lineId === lineIds[0]);
    villageOut.push({
      code: id, mode: first?.tier === 'feeder' ? 'feeder' : 'direct', weekdays: wd, visitsPerWeek: wd.length, line: lineIds[0] ?? null,
      leadTimeHours: round2(meanLeadTimeHours(visits, days, cutoff) ?? 0), requiredVisitsPerWeek: v.required, lines: lineIds, ...coldPart,
    });
  }
  for (const [id, why] of chilledReason) {
    const i = villageOut.findIndex((x) => x.code === id);
    if (i >= 0) villageOut[i] = { ...villageOut[i]!, chilledLine: null, reason: villageOut[i]!.reason ?? `chilled freight: ${why}` };
  }

  // totals: km, hours, running cost per line-day, fixed cost per vehicle-day used, bus fees
  let kmW = 0, hoursW = 0, costW = 0;
  const vehDays = new Set<string>();
  for (const s of served) {
    const d = s.days.length;
    kmW += s.run.km * d;
    hoursW += (s.run.minutes / 60) * d;
    costW += (s.run.km * s.run.vehicle.costPerKm + (s.run.minutes / 60) * s.run.vehicle.costPerHour) * d;
    for (const day of s.days) vehDays.add(`${s.run.vehicle.id}|${day}`);
  }
  const fixedById = new Map(ds.fleet.map((v) => [v.id, v.fixedCost]));
  for (const k of vehDays) costW += fixedById.get(k.split('|')[0]!) ?? 0;
  const busFees = [...bus.values()].reduce((a, b) => a + b.feePerWeek, 0);
  const vehicles = new Set(served.map((s) => s.run.vehicle.id)).size;
  progress('done', 1);
  return {
    county: ds.countyCode,
    dataset: ds.slug,
    generatedAt: formatInstant(clock()),
    seed,
    settings: { ...S, noBus: !!opts.noBus, allDirect: !!opts.allDirect, patterns: family, ...(opts.iterations !== undefined ? { iterations: opts.iterations } : { seconds: opts.seconds ?? DEFAULT_PLAN_SECONDS }) },
    lines,
    busLegs,
    villages: villageOut,
    totals: {
      vehicles,
      kmPerWeek: round2(kmW),
      vehicleHoursPerWeek: round2(hoursW),
      costPerWeek: round2(costW + busFees),
      busFeesPerWeek: round2(busFees),
    },
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
