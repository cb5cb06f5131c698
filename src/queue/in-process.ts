/**
 * The in-process runner: the embedded default of the JobQueue port (no Redis). It runs the same
 * processor functions as the BullMQ workers, with the same deterministic ids, retry policy
 * (exponential backoff), unrecoverable errors, cancellation and progress events. State lives in
 * memory: a restart forgets finished jobs (the results themselves are stored in the database).
 */
import { EventEmitter } from 'node:events';
import { type JobName, type JobPayload, jobIdFor } from './contracts.ts';
import { parsePayload } from './payload.ts';
import {
  type DailySchedule,
  DEFAULT_RETRY,
  type EnqueueOptions,
  type EnqueueResult,
  type JobEvent,
  type JobFailure,
  type JobProgress,
  type JobQueue,
  type JobState,
  type JobStatus,
  type Processors,
  type RetryPolicy,
  isUnrecoverable,
  JobCancelledError,
  checkTimeZone,
  parseClock,
} from './port.ts';
import { nextDailyFire, serviceDate } from './schedule-time.ts';

/** Options of {@link createInProcessQueue}. */
export interface InProcessOptions {
  /** Jobs run at the same time (default 1: solving is CPU-bound and runs off-thread anyway). */
  readonly concurrency?: number;
  readonly retry?: RetryPolicy;
  /** Called with errors thrown by scheduled enqueues (default: ignored). */
  readonly onError?: (err: unknown) => void;
  /** The clock of the daily scheduler, epoch ms (default Date.now; injected by tests). */
  readonly now?: () => number;
  /** Finished jobs kept for status and dedupe; the oldest beyond this are forgotten (default 1000). */
  readonly keepFinished?: number;
}

interface Entry {
  id: string;
  name: JobName;
  payload: JobPayload<JobName>;
  state: JobState;
  progress: JobProgress | null;
  result: unknown;
  error: JobFailure | null;
  attemptsMade: number;
  createdAt: number;
  finishedAt: number | null;
  abort: AbortController;
}

/** A fresh waiting entry. */
function newEntry(id: string, name: JobName, payload: JobPayload<JobName>): Entry {
  return {
    id,
    name,
    payload,
    state: 'waiting',
    progress: null,
    result: null,
    error: null,
    attemptsMade: 0,
    createdAt: Date.now(),
    finishedAt: null,
    abort: new AbortController(),
  };
}

/** The port's view of an entry. */
function toStatus(e: Entry): JobStatus {
  return {
    id: e.id,
    name: e.name,
    state: e.state,
    payload: e.payload,
    progress: e.progress,
    result: (e.result ?? null) as JobStatus['result'],
    error: e.error,
    attemptsMade: e.attemptsMade,
    createdAt: e.createdAt,
    finishedAt: e.finishedAt,
  };
}

/** Forgets the oldest finished jobs beyond `keepFinished` (Map order is insertion order). */
function pruneFinished(jobs: Map<string, Entry>, keepFinished: number): void {
  let finished = 0;
  for (const e of jobs.values()) if (e.finishedAt !== null) finished++;
  for (const [id, e] of jobs) {
    if (finished <= keepFinished) break;
    if (e.finishedAt === null) continue;
    jobs.delete(id);
    finished--;
  }
}

/** What one attempt needs from its queue. */
interface AttemptContext {
  readonly processors: Processors;
  readonly retry: RetryPolicy;
  readonly emit: (ev: JobEvent) => void;
  readonly isClosed: () => boolean;
  /** Puts the (delayed) entry back in line after `delayMs`. */
  readonly retryLater: (delayMs: number) => void;
}

/** Runs one attempt of `e` and settles its state: completed, cancelled, failed, or delayed for a retry. */
async function runAttempt(e: Entry, ctx: AttemptContext): Promise<void> {
  e.state = 'active';
  ctx.emit({ type: 'active', id: e.id });
  const processor = ctx.processors[e.name] as (p: unknown, c: Parameters<Processors[JobName]>[1]) => Promise<unknown>;
  let ok = false;
  let result: unknown = null;
  let error: unknown = null;
  try {
    result = await processor(e.payload, {
      id: e.id,
      name: e.name,
      attempt: e.attemptsMade + 1,
      createdAt: e.createdAt,
      signal: e.abort.signal,
      progress: async (progress) => {
        if (e.state !== 'active') return;
        e.progress = progress;
        ctx.emit({ type: 'progress', id: e.id, progress });
      },
    });
    ok = true;
  } catch (err) {
    error = err;
  }
  e.attemptsMade++;
  if (e.abort.signal.aborted || error instanceof JobCancelledError) {
    e.state = 'cancelled';
    e.error = { message: 'cancelled', unrecoverable: true };
    e.finishedAt = Date.now();
    ctx.emit({ type: 'cancelled', id: e.id });
    return;
  }
  if (ok) {
    e.state = 'completed';
    e.result = result;
    e.error = null;
    e.finishedAt = Date.now();
    ctx.emit({ type: 'completed', id: e.id, result });
    return;
  }
  const unrecoverable = isUnrecoverable(error);
  const message = error instanceof Error ? error.message : String(error);
  const willRetry = !unrecoverable && e.attemptsMade < ctx.retry.attempts && !ctx.isClosed();
  e.error = { message, unrecoverable };
  ctx.emit({ type: 'failed', id: e.id, error: e.error, willRetry });
  if (willRetry) {
    // Exponential backoff, as BullMQ's `{ type: 'exponential' }`: delay * 2^(attemptsMade-1).
    e.state = 'delayed';
    ctx.retryLater(ctx.retry.backoffMs * 2 ** (e.attemptsMade - 1));
  } else {
    e.state = 'failed';
    e.finishedAt = Date.now();
  }
}

/** Creates the in-process queue running `processors`. */
export function createInProcessQueue(processors: Processors, opts: InProcessOptions = {}): JobQueue {
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const retry = opts.retry ?? DEFAULT_RETRY;
  const now = opts.now ?? Date.now;
  const jobs = new Map<string, Entry>();
  const pending: string[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const timers = new Set<NodeJS.Timeout>();
  const schedules = new Map<string, { schedule: DailySchedule; timer: NodeJS.Timeout | null }>();
  let running = 0;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  const emit = (ev: JobEvent): void => {
    events.emit(ev.id, ev);
  };

  const pump = (): void => {
    while (!closed && running < concurrency && pending.length > 0) {
      const id = pending.shift()!;
      const e = jobs.get(id);
      if (!e || e.state !== 'waiting') continue;
      running++;
      const p = attempt(e).finally(() => {
        running--;
        inFlight.delete(p);
        pump();
      });
      inFlight.add(p);
    }
  };

  const attempt = (e: Entry): Promise<void> =>
    runAttempt(e, {
      processors,
      retry,
      emit,
      isClosed: () => closed,
      retryLater: (delayMs) => {
        const t = setTimeout(() => {
          timers.delete(t);
          if (e.state !== 'delayed') return;
          e.state = 'waiting';
          pending.push(e.id);
          pump();
        }, delayMs);
        timers.add(t);
      },
    });

  const keepFinished = opts.keepFinished ?? 1000;
  const prune = (): void => pruneFinished(jobs, keepFinished);

  const enqueue = async <N extends JobName>(name: N, payload: JobPayload<N>, eo: EnqueueOptions = {}): Promise<EnqueueResult> => {
    if (closed) throw new Error('queue is closed');
    const data = parsePayload(name, payload);
    const id = jobIdFor(name, data);
    const existing = jobs.get(id);
    const replaceable = existing && (existing.state === 'failed' || existing.state === 'cancelled' || (eo.replace && existing.state === 'completed'));
    if (existing && !replaceable) {
      return { id, state: existing.state, created: false };
    }
    const e = newEntry(id, name, data);
    jobs.delete(id);
    jobs.set(id, e);
    pending.push(id);
    prune();
    queueMicrotask(pump);
    return { id, state: 'waiting', created: true };
  };

  const arm = (county: string): void => {
    const s = schedules.get(county);
    if (!s || closed) return;
    const t = now();
    const delay = Math.max(0, nextDailyFire(s.schedule, t) - t);
    // setTimeout caps at 2^31-1 ms (~24.8 days); one day always fits.
    s.timer = setTimeout(() => {
      s.timer = null;
      const date = serviceDate(now(), s.schedule.timeZone);
      enqueue('dispatch-day', { county, date }).catch((err: unknown) => opts.onError?.(err));
      arm(county);
    }, delay);
  };

  return {
    kind: 'in-process',
    enqueue,
    async get(id) {
      const e = jobs.get(id);
      return e ? toStatus(e) : null;
    },
    async cancel(id) {
      const e = jobs.get(id);
      if (!e) return null;
      if (e.state === 'waiting' || e.state === 'delayed') {
        e.state = 'cancelled';
        e.error = { message: 'cancelled', unrecoverable: true };
        e.finishedAt = Date.now();
        e.abort.abort();
        emit({ type: 'cancelled', id });
      } else if (e.state === 'active') {
        // The processor sees the abort; the attempt resolves to `cancelled` (see attempt()).
        e.abort.abort();
      }
      return toStatus(e);
    },
    async subscribe(id, listener) {
      events.on(id, listener);
      return () => {
        events.off(id, listener);
      };
    },
    async scheduleDaily(schedule) {
      parseClock(schedule.time);
      // Checked before anything is stored: a bad zone used to be kept and then throw at every arming.
      checkTimeZone(schedule.timeZone);
      const old = schedules.get(schedule.county);
      if (old?.timer) clearTimeout(old.timer);
      schedules.set(schedule.county, { schedule, timer: null });
      arm(schedule.county);
    },
    async unscheduleDaily(county) {
      const s = schedules.get(county);
      if (!s) return false;
      if (s.timer) clearTimeout(s.timer);
      schedules.delete(county);
      return true;
    },
    async listSchedules() {
      return [...schedules.values()].map((s) => s.schedule).sort((a, b) => a.county.localeCompare(b.county));
    },
    async ping() {
      return !closed;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      for (const s of schedules.values()) if (s.timer) clearTimeout(s.timer);
      // Graceful: running jobs are aborted (they release, the caller may re-enqueue after restart).
      for (const e of jobs.values()) if (e.state === 'active') e.abort.abort();
      await Promise.allSettled([...inFlight]);
      events.removeAllListeners();
    },
  };
}
