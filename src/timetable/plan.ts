/**
 * The timetable planner's orchestration (docs/timetable.md §8): `plan` runs planning passes (two
 * pattern sweeps, then bus re-pricing rounds on the solved routes) and keeps the best; each pass
 * (`planOnce`) is a pipeline of phases over one plan state (src/timetable/phases/state.ts): pools →
 * patterns → bus legs → budget → cold chain → trunk/feeder sync → rescue → assembly. Pure apart
 * from the injected clock (`Date.now` for the budget).
 */
import type { Dataset, TravelMatrix } from '../domain/dataset.ts';
import type { Timetable } from '../domain/timetable.ts';
import { removalGains } from './bus-gain.ts';
import { assemblePhase } from './phases/assemble.ts';
import { budgetPhase } from './phases/budget.ts';
import { busPhase } from './phases/bus.ts';
import { coldChainPhase } from './phases/cold-chain.ts';
import { patternsPhase } from './phases/patterns.ts';
import { poolsPhase } from './phases/pools.ts';
import { timingPhase } from './phases/timing.ts';
import { priorityPhase } from './phases/priority.ts';
import { rescuePhase } from './phases/rescue.ts';
import { planContext } from './phases/context.ts';
import { DEFAULT_PLAN_SECONDS, type PassOptions, type PlannerOptions } from './phases/state.ts';
import { syncPhase } from './phases/sync.ts';
import { resolveSettings, validateSettings, type PlanSettings } from './settings.ts';

export { DEFAULT_PLAN_SECONDS, type PlannerOptions } from './phases/state.ts';

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
  validateSettings(S0);
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

/**
 * One planning pass: the phases in order over one plan state (src/timetable/phases/state.ts);
 * null when the bus phase finds the pass would repeat `unlessBus`.
 */
async function planOnce(ds: Dataset, matrix: TravelMatrix, S: PlanSettings, opts: PassOptions): Promise<Timetable | null> {
  const ctx = planContext(ds, matrix, S, opts);
  ctx.progress('prepare', 0);
  const pools = poolsPhase(ctx);
  const patterns = patternsPhase(ctx, pools);
  const bus = busPhase(ctx, patterns);
  if (!bus) return null;
  const budget = budgetPhase(ctx, bus);
  const cold = coldChainPhase(ctx, budget);
  const road = syncPhase(ctx, cold);
  const rescued = rescuePhase(ctx, priorityPhase(ctx, road));
  const timed = timingPhase(ctx, rescued);
  return assemblePhase(ctx, timed);
}
