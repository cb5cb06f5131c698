/**
 * BullMQ adapter of the JobQueue port (production): a producer (`createBullQueue`, used by the API)
 * and a worker (`startBullWorker`, used by `rural-dispatch worker`) on one Redis. Workers run the
 * same processor functions as the in-process runner.
 *
 * Cancellation of a running job crosses processes: the producer records the id in a Redis hash and
 * publishes it on a channel; every worker listens and aborts the job's signal (Worker#cancelJob),
 * and the job then fails as `UnrecoverableError('cancelled')`, which the adapter reports as state
 * `cancelled`. A waiting job is simply removed, its last status kept in the same hash.
 */
import { type ConnectionOptions, type Job, Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { type JobName, type JobPayload, jobIdFor, JOB_NAMES } from './contracts.ts';
import { parsePayload } from './payload.ts';
import {
  type DailySchedule,
  DEFAULT_RETRY,
  type EnqueueOptions,
  type EnqueueResult,
  type JobEvent,
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
import { cronOf } from './schedule-time.ts';

/** Where the queue lives in Redis. */
export interface BullLocation {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Key prefix (default `rd`); use a hash tag such as `{rd}` on Redis Cluster. */
  readonly prefix?: string;
  /** Queue name (default `rural-dispatch`). */
  readonly queueName?: string;
}

/** Options of {@link createBullQueue}. */
export interface BullQueueOptions extends BullLocation {
  readonly retry?: RetryPolicy;
  /** Finished jobs are kept this long for dedupe and status (default 7 days). */
  readonly keepSeconds?: number;
  /** Connection errors (Redis down, failover); without a sink they are ignored, never thrown. */
  readonly onError?: (err: Error) => void;
}

/** The BullMQ producer plus the underlying BullMQ Queue (for Bull Board). */
export interface BullJobQueue extends JobQueue {
  readonly kind: 'bullmq';
  readonly queue: Queue;
}

const CANCEL_MESSAGE = 'cancelled';

/** Default queue name. */
export const DEFAULT_QUEUE_NAME = 'rural-dispatch';
/** Default Redis key prefix. */
export const DEFAULT_PREFIX = 'rd';

/** BullMQ connection options for a Redis URL (blocking commands need maxRetriesPerRequest null). */
export function connectionFor(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

function keys(loc: BullLocation): { name: string; prefix: string; cancelled: string; channel: string } {
  const name = loc.queueName ?? DEFAULT_QUEUE_NAME;
  const prefix = loc.prefix ?? DEFAULT_PREFIX;
  return { name, prefix, cancelled: `${prefix}:${name}:rd-cancelled`, channel: `${prefix}:${name}:rd-cancel` };
}

function toProgress(p: unknown): JobProgress | null {
  if (typeof p === 'number') return p === 0 ? null : { percent: p };
  if (p && typeof p === 'object' && typeof (p as { percent?: unknown }).percent === 'number') return p as JobProgress;
  return null;
}

function toState(state: string, failedReason: string | undefined): JobState {
  switch (state) {
    case 'completed':
      return 'completed';
    case 'failed':
      return failedReason === CANCEL_MESSAGE ? 'cancelled' : 'failed';
    case 'active':
      return 'active';
    case 'delayed':
      return 'delayed';
    default:
      return 'waiting';
  }
}

async function statusOf(queue: Queue, id: string, attempts: number): Promise<JobStatus | null> {
  // State first, then the job hash: once terminal, the hash read afterwards is final too.
  const raw = await queue.getJobState(id);
  if (raw === 'unknown') return null;
  const job = await queue.getJob(id);
  if (!job) return null;
  const state = toState(raw, job.failedReason);
  const failed = state === 'failed' || state === 'cancelled';
  return {
    id: job.id!,
    name: job.name as JobName,
    state,
    payload: job.data as JobPayload<JobName>,
    progress: toProgress(job.progress),
    result: state === 'completed' ? ((job.returnvalue ?? null) as JobStatus['result']) : null,
    error: failed
      ? { message: job.failedReason, unrecoverable: state === 'cancelled' || job.attemptsMade < attempts }
      : null,
    attemptsMade: job.attemptsMade,
    createdAt: job.timestamp,
    finishedAt: job.finishedOn ?? null,
  };
}

/** Relays the queue's event stream to `fire` as port events (`removed` of a cancelled job: `cancelled`). */
function wireEvents(qe: QueueEvents, fire: (ev: JobEvent) => void, wasCancelled: (id: string) => Promise<boolean>): void {
  qe.on('active', ({ jobId }) => fire({ type: 'active', id: jobId }));
  qe.on('progress', ({ jobId, data }) => {
    const progress = toProgress(data);
    if (progress) fire({ type: 'progress', id: jobId, progress });
  });
  qe.on('completed', ({ jobId, returnvalue }) => fire({ type: 'completed', id: jobId, result: returnvalue }));
  qe.on('failed', ({ jobId, failedReason }) => {
    if (failedReason === CANCEL_MESSAGE) fire({ type: 'cancelled', id: jobId });
    else fire({ type: 'failed', id: jobId, error: { message: failedReason, unrecoverable: true }, willRetry: false });
  });
  qe.on('removed', ({ jobId }) => {
    void wasCancelled(jobId).then((yes) => {
      if (yes) fire({ type: 'cancelled', id: jobId });
    });
  });
}

/** The daily dispatch schedules stored as job schedulers `dispatch-day-<county>`, by county. */
async function listBullSchedules(queue: Queue): Promise<DailySchedule[]> {
  const all = await queue.getJobSchedulers(0, -1, true);
  const out: DailySchedule[] = [];
  for (const s of all) {
    const county = s.key.startsWith('dispatch-day-') ? s.key.slice('dispatch-day-'.length) : null;
    const m = /^(\d+) (\d+) \* \* \*$/.exec(s.pattern ?? '');
    if (!county || !m) continue;
    out.push({
      county,
      time: `${m[2]!.padStart(2, '0')}:${m[1]!.padStart(2, '0')}`,
      timeZone: s.tz ?? 'UTC',
    });
  }
  return out.sort((a, b) => a.county.localeCompare(b.county));
}

/** Creates the BullMQ producer side of the port. */
export function createBullQueue(opts: BullQueueOptions): BullJobQueue {
  const k = keys(opts);
  const retry = opts.retry ?? DEFAULT_RETRY;
  const keep = opts.keepSeconds ?? 7 * 24 * 3600;
  const connection = connectionFor(opts.url);
  const onError = opts.onError ?? (() => undefined);
  const queue = new Queue(k.name, { connection, prefix: k.prefix });
  // An EventEmitter 'error' without a listener would crash the process when Redis blips.
  queue.on('error', onError);
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on('error', onError);
  let events: QueueEvents | null = null;
  let eventsReady: Promise<void> | null = null;
  const listeners = new Map<string, Set<(e: JobEvent) => void>>();

  const fire = (ev: JobEvent): void => {
    for (const l of listeners.get(ev.id) ?? []) l(ev);
  };

  const ensureEvents = (): Promise<void> => (eventsReady ??= openEvents());
  const openEvents = async (): Promise<void> => {
    // Read the event stream from "now" by the Redis clock, so no event after this call is missed
    // while the blocking reader starts.
    const [sec, usec] = await redis.time();
    const lastEventId = `${Number(sec) * 1000 + Math.floor(Number(usec) / 1000)}-0`;
    const qe = new QueueEvents(k.name, { connection, prefix: k.prefix, lastEventId });
    qe.on('error', onError);
    events = qe;
    wireEvents(qe, fire, (id) => redis.hexists(k.cancelled, id).then((n) => n > 0));
    await qe.waitUntilReady();
  };

  const get = async (id: string): Promise<JobStatus | null> => {
    const st = await statusOf(queue, id, retry.attempts);
    if (st) return st;
    const snap = await redis.hget(k.cancelled, id);
    return snap && snap !== '1' ? (JSON.parse(snap) as JobStatus) : null;
  };

  const self: BullJobQueue = {
    kind: 'bullmq',
    queue,
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, eo: EnqueueOptions = {}): Promise<EnqueueResult> {
      const data = parsePayload(name, payload);
      const id = jobIdFor(name, data);
      const existing = await queue.getJob(id);
      if (existing) {
        const st = toState(await existing.getState(), existing.failedReason);
        const replaceable = st === 'failed' || st === 'cancelled' || (eo.replace === true && st === 'completed');
        if (!replaceable) return { id, state: st, created: false };
        await existing.remove();
      }
      await redis.hdel(k.cancelled, id);
      await queue.add(name, data, {
        jobId: id,
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        removeOnComplete: { age: keep },
        removeOnFail: { age: keep },
      });
      return { id, state: 'waiting', created: true };
    },
    get,
    async cancel(id) {
      const job = await queue.getJob(id);
      if (!job) return get(id);
      const raw = await job.getState();
      if (raw === 'completed' || raw === 'failed') return get(id);
      if (raw !== 'active') {
        const before = await get(id);
        if (!before) return null;
        const snap: JobStatus = {
          ...before,
          state: 'cancelled',
          error: { message: CANCEL_MESSAGE, unrecoverable: true },
          finishedAt: Date.now(),
        };
        await redis.hset(k.cancelled, id, JSON.stringify(snap));
        try {
          await job.remove();
          return snap;
        } catch {
          // It became active (locked) meanwhile: fall through to cancelling the running job.
        }
      } else {
        await redis.hset(k.cancelled, id, '1');
      }
      await redis.publish(k.channel, id);
      return get(id);
    },
    async subscribe(id, listener) {
      await ensureEvents();
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
    async scheduleDaily(schedule: DailySchedule) {
      parseClock(schedule.time);
      // Checked before anything is stored: a bad zone used to be kept and then throw at every arming.
      checkTimeZone(schedule.timeZone);
      await queue.upsertJobScheduler(
        `dispatch-day-${schedule.county}`,
        { pattern: cronOf(schedule), tz: schedule.timeZone },
        {
          name: 'dispatch-day',
          data: { county: schedule.county },
          opts: { attempts: retry.attempts, backoff: { type: 'exponential', delay: retry.backoffMs } },
        },
      );
    },
    async unscheduleDaily(county) {
      return queue.removeJobScheduler(`dispatch-day-${county}`);
    },
    listSchedules: () => listBullSchedules(queue),
    async ping() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await events?.close();
      await queue.close();
      redis.disconnect();
    },
  };
  return self;
}

/** Options of {@link startBullWorker}. */
export interface BullWorkerOptions extends BullLocation {
  /** Jobs processed at once by this process (default 1). */
  readonly concurrency?: number;
  /** Lock time-to-live in ms, renewed every half of it while a job runs (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often stalled jobs (a dead worker's) are looked for, ms (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** Structured log sink. */
  readonly log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** A running BullMQ worker. */
export interface BullWorkerHandle {
  readonly worker: Worker;
  /**
   * Graceful stop: takes no new job, waits up to `graceMs` for the running ones to finish, then
   * aborts them (their locks lapse, so another worker retries them), and closes connections.
   */
  close(graceMs?: number): Promise<void>;
}

/** Starts a BullMQ worker that runs `processors`. */
export async function startBullWorker(processors: Processors, opts: BullWorkerOptions): Promise<BullWorkerHandle> {
  const k = keys(opts);
  const log = opts.log ?? (() => undefined);
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 2 });
  const sub = new Redis(opts.url, { maxRetriesPerRequest: null });
  redis.on('error', (err: Error) => log('warn', 'redis error', { message: err.message }));
  sub.on('error', (err: Error) => log('warn', 'redis error', { message: err.message }));

  const worker = new Worker(
    k.name,
    async (job: Job, _token?: string, signal?: AbortSignal) => {
      const name = job.name as JobName;
      if (!JOB_NAMES.includes(name)) throw new UnrecoverableError(`unknown job ${JSON.stringify(job.name)}`);
      if (await redis.hexists(k.cancelled, job.id!)) throw new UnrecoverableError(CANCEL_MESSAGE);
      const abort = signal ?? new AbortController().signal;
      const processor = processors[name] as (p: unknown, ctx: Parameters<Processors[JobName]>[1]) => Promise<unknown>;
      log('info', 'job started', { jobId: job.id, name, attempt: job.attemptsMade + 1 });
      try {
        let payload: unknown;
        try {
          payload = parsePayload(name, job.data);
        } catch (err) {
          throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
        }
        const result = await processor(payload, {
          id: job.id!,
          name,
          attempt: job.attemptsMade + 1,
          createdAt: job.timestamp,
          signal: abort,
          progress: async (p) => {
            await job.updateProgress({ ...p });
          },
        });
        if (abort.aborted) throw new JobCancelledError(job.id!);
        log('info', 'job completed', { jobId: job.id, name });
        return result;
      } catch (err) {
        if (abort.aborted || err instanceof JobCancelledError) {
          if (await redis.hexists(k.cancelled, job.id!)) throw new UnrecoverableError(CANCEL_MESSAGE);
          // Aborted by shutdown, not by a user: a plain error, so it is retried.
          throw new Error('worker shut down during the job');
        }
        const message = err instanceof Error ? err.message : String(err);
        log(isUnrecoverable(err) ? 'warn' : 'error', 'job failed', { jobId: job.id, name, message });
        if (isUnrecoverable(err)) throw new UnrecoverableError(message);
        throw err;
      }
    },
    {
      connection: connectionFor(opts.url),
      prefix: k.prefix,
      concurrency: opts.concurrency ?? 1,
      lockDuration: opts.lockDurationMs ?? 30_000,
      stalledInterval: opts.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
      autorun: true,
    },
  );
  worker.on('error', (err) => log('error', 'worker error', { message: err.message }));

  await sub.subscribe(k.channel);
  sub.on('message', (_channel: string, jobId: string) => {
    if (worker.cancelJob(jobId, CANCEL_MESSAGE)) log('info', 'job cancel requested', { jobId });
  });
  await worker.waitUntilReady();

  let closing: Promise<void> | null = null;
  return {
    worker,
    close(graceMs = 30_000) {
      closing ??= (async () => {
        const done = worker.close();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => {
          timer = setTimeout(() => r('late'), graceMs);
        });
        if ((await Promise.race([done.then(() => 'done' as const), late])) === 'late') {
          log('warn', 'grace period over: aborting running jobs');
          worker.cancelAllJobs('shutdown');
          await worker.close(true);
        }
        clearTimeout(timer);
        sub.disconnect();
        redis.disconnect();
      })();
      return closing;
    },
  };
}
