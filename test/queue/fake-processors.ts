/**
 * Test processors driven by `settings.mode` of the plan payload, so the conformance suite can make
 * a job succeed, fail transiently, fail on invalid input or block until cancelled — the same way on
 * both adapters. They record every call so tests can count attempts.
 */
import { ValidationError } from '../../src/errors.ts';
import type { PlanTimetableResult } from '../../src/queue/contracts.ts';
import type { JobContext, Processors } from '../../src/queue/port.ts';

/** What the fake processors saw. */
export interface FakeLog {
  readonly calls: { id: string; attempt: number; mode: string }[];
  /** Resolvers of blocked jobs, by job id: call to let the job finish. */
  readonly release: Map<string, () => void>;
  readonly aborted: Set<string>;
}

/** Creates fake processors and their call log. */
export function fakeProcessors(): { processors: Processors; log: FakeLog } {
  const log: FakeLog = { calls: [], release: new Map(), aborted: new Set() };
  const plan = async (
    payload: { county: string; settings: Record<string, unknown>; seed: number },
    ctx: JobContext,
  ): Promise<PlanTimetableResult> => {
    const mode = String(payload.settings.mode ?? 'ok');
    log.calls.push({ id: ctx.id, attempt: ctx.attempt, mode });
    await ctx.progress({ percent: 10, phase: 'loading' });
    if (mode === 'invalid') throw new ValidationError([{ field: 'settings.cutoff', reason: 'must be HH:MM' }]);
    if (mode === 'flaky' && ctx.attempt < 2) throw new Error('transient: database connection reset');
    if (mode === 'block') {
      await new Promise<void>((resolve) => {
        log.release.set(ctx.id, resolve);
        ctx.signal.addEventListener('abort', () => {
          log.aborted.add(ctx.id);
          resolve();
        });
      });
    }
    await ctx.progress({ percent: 100, phase: 'done', bestCost: 42 });
    return {
      timetableId: `tt-${payload.county}-${payload.seed}`,
      county: payload.county,
      lines: 3,
      villagesServed: 7,
      villagesUnserved: 1,
      costPerWeek: 42,
    };
  };
  const processors: Processors = {
    'plan-timetable': plan,
    'dispatch-day': async (payload, ctx) => {
      log.calls.push({ id: ctx.id, attempt: ctx.attempt, mode: 'dispatch' });
      return { county: payload.county, date: payload.date ?? null };
    },
  };
  return { processors, log };
}
