/**
 * The job processors, shared by the BullMQ worker process and the in-process runner:
 * - `plan-timetable`: the county's dataset → planner (worker thread) → timetable stored once per job
 *   (src/queue/plan-results.ts) → headline figures as the job result;
 * - `dispatch-day`: the dispatch use case for (county, date); a scheduled job without a date
 *   dispatches the service day of its fire time in the county's time zone.
 * Invalid input (unknown county, bad settings) throws AppErrors with 4xx status: the adapters turn
 * them into unrecoverable failures, so they are not retried.
 */
import { dispatchDay } from '../src/dispatch/index.ts';
import type { PlanTimetablePayload, PlanTimetableResult } from '../src/queue/contracts.ts';
import { countyDatasets } from '../src/queue/datasets.ts';
import type { Timetable } from '../src/domain/timetable.ts';
import { getTimetable, pgPlanJobRepository, pgDispatchRepository } from '../src/persistence/index.ts';
import { planResultOf, storePlanResult } from '../src/queue/plan-results.ts';
import { JobCancelledError, type JobContext, type Processors } from '../src/queue/port.ts';
import type { ProcessorOptions } from '../src/queue/runtime.ts';
import { serviceDate } from '../src/queue/schedule-time.ts';
import { planInline, planInThread } from './run-plan.ts';

/** Creates the processors bound to `opts.db`. */
export function createProcessors(opts: ProcessorOptions): Processors {
  const datasets = opts.datasets ?? countyDatasets(opts.db);
  const inThread = opts.solveInThread ?? true;
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';

  /** The job result: headline figures of the timetable that is stored under `timetableId`. */
  const summary = (timetableId: string, timetable: Timetable): PlanTimetableResult => {
    const served = timetable.villages.filter((v) => v.mode !== 'unserved').length;
    return {
      timetableId,
      county: timetable.county,
      lines: timetable.lines.length,
      villagesServed: served,
      villagesUnserved: timetable.villages.length - served,
      costPerWeek: timetable.totals.costPerWeek,
    };
  };

  /** Codes of the county's registered poor villages. */
  const poorVillages = async (county: string): Promise<Set<string>> =>
    new Set((await datasets.get(county)).nodes.filter((n) => n.kind === 'village_point' && n.poor).map((n) => n.code));

  const plan = async (payload: PlanTimetablePayload, ctx: JobContext) => {
    // This job id stored its timetable already (a retry after the write, or the same request
    // again after an in-process runner restarted and forgot the finished job): answer with that
    // timetable instead of solving again and reporting figures of a plan that is then discarded.
    const done = await planResultOf(pgPlanJobRepository(opts.db), ctx.id);
    if (done !== null) {
      const stored = (await getTimetable(opts.db, done)).timetable;
      await ctx.progress({ percent: 100, phase: 'done', bestCost: stored.totals.costPerWeek });
      return summary(done, stored);
    }
    await ctx.progress({ percent: 1, phase: 'loading' });
    const datasetDir = await datasets.dirOf(payload.county);
    const input = { datasetDir, settings: payload.settings, seed: payload.seed, seconds: payload.seconds };
    // Progress events are throttled to whole percents so Redis is not flooded by solver callbacks.
    let last = -1;
    const onProgress = (phase: string, fraction: number, message?: string): void => {
      const percent = Math.min(95, Math.max(2, Math.round(5 + fraction * 90)));
      if (percent === last) return;
      last = percent;
      void ctx.progress({ percent, phase, ...(message ? { message } : {}) }).catch(() => undefined);
    };
    const timetable = inThread ? await planInThread(ctx.id, input, ctx.signal, onProgress) : await planInline(input, onProgress);
    if (ctx.signal.aborted) throw new JobCancelledError(ctx.id);
    await ctx.progress({ percent: 97, phase: 'storing' });
    // Activation decision: the first timetable of a county, or autoActivate and not worse.
    const poor = payload.autoActivate ? await poorVillages(payload.county) : new Set<string>();
    const { timetableId, stored } = await storePlanResult(pgPlanJobRepository(opts.db), ctx.id, ctx.attempt, timetable, {
      autoActivate: payload.autoActivate ?? false,
      poor,
    });
    // Another attempt of this job stored first (a stalled worker that was alive): report that one.
    const kept = stored ? timetable : (await getTimetable(opts.db, timetableId)).timetable;
    await ctx.progress({ percent: 100, phase: 'done', bestCost: kept.totals.costPerWeek });
    return summary(timetableId, kept);
  };

  return {
    'plan-timetable': plan,
    'dispatch-day': async (payload, ctx) => {
      const date = payload.date ?? serviceDate(ctx.createdAt, timeZone);
      await ctx.progress({ percent: 5, phase: 'dispatching' });
      const result = await dispatchDay(pgDispatchRepository(opts.db), payload.county, date, payload.overflow ? { overflow: payload.overflow } : {});
      await ctx.progress({ percent: 100, phase: 'done' });
      return { ...result };
    },
  };
}
