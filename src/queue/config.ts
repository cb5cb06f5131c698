/**
 * Queue settings from the environment, shared by `serve` and `worker`:
 * REDIS_URL (BullMQ when set), RD_QUEUE_PREFIX (default `rd`), RD_QUEUE_NAME (default
 * `rural-dispatch`), RD_LOCK_MS and RD_STALLED_MS (lock TTL and stalled-job check, default 30 s),
 * RD_ATTEMPTS and RD_BACKOFF_MS (retry policy, default 3 and 1000), RD_SHUTDOWN_GRACE_MS (default 30 s).
 */
import { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME } from './bullmq.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './port.ts';

/** Queue settings in effect. */
export interface QueueConfig {
  readonly redisUrl: string | null;
  readonly prefix: string;
  readonly queueName: string;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly retry: RetryPolicy;
  readonly shutdownGraceMs: number;
}

function num(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: must be a positive number, got ${JSON.stringify(v)}`);
  return n;
}

/** Reads the queue settings from `env`. */
export function queueConfigFromEnv(env: NodeJS.ProcessEnv = process.env): QueueConfig {
  return {
    redisUrl: env.REDIS_URL || null,
    prefix: env.RD_QUEUE_PREFIX || DEFAULT_PREFIX,
    queueName: env.RD_QUEUE_NAME || DEFAULT_QUEUE_NAME,
    lockDurationMs: num(env, 'RD_LOCK_MS', 30_000),
    stalledIntervalMs: num(env, 'RD_STALLED_MS', 30_000),
    retry: { attempts: num(env, 'RD_ATTEMPTS', DEFAULT_RETRY.attempts), backoffMs: num(env, 'RD_BACKOFF_MS', DEFAULT_RETRY.backoffMs) },
    shutdownGraceMs: num(env, 'RD_SHUTDOWN_GRACE_MS', 30_000),
  };
}
