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
import type { PlanTimetablePayload } from '../src/queue/contracts.ts';
import { countyDatasets } from '../src/queue/datasets.ts';
import { storePlanResult } from '../src/queue/plan-results.ts';
import { JobCancelledError, type JobContext, type Processors } from '../src/queue/port.ts';
import type { ProcessorOptions } from '../src/queue/runtime.ts';
import { serviceDate } from '../src/queue/schedule-time.ts';
import { planInline, planInThread } from './run-plan.ts';

/** Creates the processors bound to `opts.db`. */
export function createProcessors(opts: ProcessorOptions): Processors {
  const datasets = opts.datasets ?? countyDatasets(opts.db);
  const inThread = opts.solveInThread ?? true;
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';

  const plan = async (payload: PlanTimetablePayload, ctx: JobContext) => {
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
    const { timetableId } = await storePlanResult(opts.db, ctx.id, ctx.attempt, timetable);
    const served = timetable.villages.filter((v) => v.mode !== 'unserved').length;
    await ctx.progress({ percent: 100, phase: 'done', bestCost: timetable.totals.costPerWeek });
    return {
      timetableId,
      county: timetable.county,
      lines: timetable.lines.length,
      villagesServed: served,
      villagesUnserved: timetable.villages.length - served,
      costPerWeek: timetable.totals.costPerWeek,
    };
  };

  return {
    'plan-timetable': plan,
    'dispatch-day': async (payload, ctx) => {
      const date = payload.date ?? serviceDate(ctx.createdAt, timeZone);
      await ctx.progress({ percent: 5, phase: 'dispatching' });
      const result = await dispatchDay(opts.db, payload.county, date);
      await ctx.progress({ percent: 100, phase: 'done' });
      return { ...result };
    },
  };
}
