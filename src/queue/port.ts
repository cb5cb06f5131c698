/**
 * The job-queue port: the API and the CLI depend on this interface only. Adapters:
 * BullMQ on Redis (src/queue/bullmq.ts) and the in-process runner (src/queue/in-process.ts); both
 * execute the same processor functions (workers/processors.ts) and pass one conformance suite
 * (test/queue/conformance.ts).
 */
import { AppError, ValidationError, isPermanentErrorCode } from '../errors.ts';
import type { JobName, JobPayload, JobResult } from './contracts.ts';

/** Lifecycle of a job as callers see it. `cancelled` is a terminal state of its own. */
export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'cancelled';

/** Progress reported by a processor: percent 0..100 plus solver figures when known. */
export interface JobProgress {
  readonly percent: number;
  /** What the job is doing, e.g. `loading`, `solving`, `storing`. */
  readonly phase?: string;
  /** Best objective so far (yuan per week for plans). */
  readonly bestCost?: number;
  readonly iteration?: number;
  readonly message?: string;
}

/** Why a job failed: the processor's message (validation messages are kept verbatim). */
export interface JobFailure {
  readonly message: string;
  /** True when the failure was final without using all attempts (invalid input, cancel). */
  readonly unrecoverable: boolean;
}

/** Everything a caller may know about one job. */
export interface JobStatus<N extends JobName = JobName> {
  readonly id: string;
  readonly name: N;
  readonly state: JobState;
  readonly payload: JobPayload<N>;
  readonly progress: JobProgress | null;
  readonly result: JobResult<N> | null;
  readonly error: JobFailure | null;
  /** Attempts made so far (failed or finished), 0 while the first attempt runs. */
  readonly attemptsMade: number;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

/** What `enqueue` returns: the job id and its state; `created` is false for a repeated request. */
export interface EnqueueResult {
  readonly id: string;
  readonly state: JobState;
  readonly created: boolean;
}

/** An event about one job, as streamed to subscribers (SSE in the API). */
export type JobEvent =
  | { readonly type: 'progress'; readonly id: string; readonly progress: JobProgress }
  | { readonly type: 'active'; readonly id: string }
  | { readonly type: 'completed'; readonly id: string; readonly result: unknown }
  | { readonly type: 'failed'; readonly id: string; readonly error: JobFailure; readonly willRetry: boolean }
  | { readonly type: 'cancelled'; readonly id: string };

/** A county's daily `dispatch-day` at a local time. */
export interface DailySchedule {
  readonly county: string;
  /** Local time "HH:MM". */
  readonly time: string;
  /** IANA time zone; Qinghai is `Asia/Shanghai`. */
  readonly timeZone: string;
}

/** Options of `enqueue`. */
export interface EnqueueOptions {
  /** Replace a completed job with the same id by a fresh one (default false). */
  readonly replace?: boolean;
}

/** The queue as the rest of the service uses it. */
export interface JobQueue {
  /** `bullmq` or `in-process`, for logs and /readyz. */
  readonly kind: 'bullmq' | 'in-process';
  /**
   * Validates `payload` (ValidationError naming the field) and adds the job under its deterministic
   * id. A waiting, active or completed job with that id is returned as is (`created: false`); a
   * failed or cancelled one is replaced by a fresh job; with `replace`, a completed one too (a
   * deliberate re-run, e.g. dispatching a day again after late parcels).
   */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<EnqueueResult>;
  /** The job's status, or null when no such job exists. */
  get(id: string): Promise<JobStatus | null>;
  /** Cancels a waiting or running job (a running one gets its abort signal); null if unknown. */
  cancel(id: string): Promise<JobStatus | null>;
  /** Calls `listener` for every event of job `id` until the returned function is called. */
  subscribe(id: string, listener: (event: JobEvent) => void): Promise<() => void>;
  /** Creates or replaces the county's daily dispatch schedule. */
  scheduleDaily(schedule: DailySchedule): Promise<void>;
  /** Removes the county's daily schedule; false when there was none. */
  unscheduleDaily(county: string): Promise<boolean>;
  /** The daily schedules, by county. */
  listSchedules(): Promise<DailySchedule[]>;
  /** True when the backing store answers (Redis PING; always true in process). */
  ping(): Promise<boolean>;
  /** Stops accepting work, releases connections and timers. */
  close(): Promise<void>;
}

/** What a processor gets besides its payload. */
export interface JobContext {
  readonly id: string;
  readonly name: JobName;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Epoch ms the job was created (the scheduler's fire time for scheduled jobs). */
  readonly createdAt: number;
  /** Aborted when the job is cancelled or the worker shuts down. */
  readonly signal: AbortSignal;
  /** Reports progress (BullMQ: job.updateProgress). */
  progress(progress: JobProgress): Promise<void>;
}

/** A processor: validates its payload again, does the work, resolves to the result. */
export type Processor<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<JobResult<N>>;

/** One processor per job name. */
export type Processors = { readonly [N in JobName]: Processor<N> };

/** Retry policy shared by both adapters: `attempts` tries, delay `backoffMs * 2^(n-1)` before try n+1. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
}

/** Default retry policy: 3 attempts, 1 s then 2 s. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 1000 };

/**
 * True for errors that must not be retried: any AppError with a permanent code (such as
 * ValidationError or NotFoundError) or an error already marked unrecoverable.
 */
export function isUnrecoverable(err: unknown): boolean {
  if (err instanceof AppError) return isPermanentErrorCode(err.code);
  return err instanceof Error && err.name === 'UnrecoverableError';
}

/** Raised inside a processor when its job was cancelled; never retried. */
export class JobCancelledError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} was cancelled`);
    this.name = 'JobCancelledError';
  }
}

/** True when `tz` is a time zone this runtime knows (IANA name such as `Asia/Shanghai`, or `UTC`). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Throws a ValidationError naming `timeZone` unless it is a known time zone. */
export function checkTimeZone(tz: string): void {
  if (!isTimeZone(tz)) throw new ValidationError([{ field: 'timeZone', reason: `must be an IANA time zone such as Asia/Shanghai, got ${JSON.stringify(tz)}` }]);
}

/** Parses "HH:MM" into hours and minutes; throws a field-naming message on bad input. */
export function parseClock(time: string): { h: number; m: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new ValidationError([{ field: 'time', reason: `must be HH:MM (00:00-23:59), got ${JSON.stringify(time)}` }]);
  return { h: Number(m[1]), m: Number(m[2]) };
}
