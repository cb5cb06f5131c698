/**
 * The work of `rural-dispatch worker` (declared in ./worker.ts, this module is loaded when it runs):
 * a BullMQ worker process running the processors of workers/ until SIGTERM/SIGINT.
 */
import { pino } from 'pino';
import { ValidationError } from '../../errors.ts';
import { openDb } from '../../persistence/index.ts';
import { startBullWorker } from '../../queue/bullmq.ts';
import { queueConfigFromEnv } from '../../queue/config.ts';
import { loadWorkerRuntime } from '../../queue/runtime.ts';

/** Resolves when the process receives SIGTERM or SIGINT (with the signal name). */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals): void => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(s);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** Options of `worker`. */
export interface WorkerOptions {
  concurrency: string;
}

/** Runs the `worker` process until SIGTERM/SIGINT. */
export async function runWorker(o: WorkerOptions): Promise<void> {
  const cfg = queueConfigFromEnv();
  if (!cfg.redisUrl) throw new ValidationError([{ field: 'REDIS_URL', reason: 'must be set: the worker takes jobs from Redis' }]);
  if (!process.env.DATABASE_URL) {
    throw new ValidationError([{ field: 'DATABASE_URL', reason: 'must be set: workers store timetables in the shared Postgres' }]);
  }
  const concurrency = Number(o.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ValidationError([{ field: '--concurrency', reason: 'must be a positive integer' }]);
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { pid: process.pid, role: 'worker' } });
  const db = await openDb(process.env.RD_DB_SCHEMA ? { schema: process.env.RD_DB_SCHEMA } : {});
  const runtime = await loadWorkerRuntime();
  const handle = await startBullWorker(runtime.createProcessors({ db }), {
    url: cfg.redisUrl,
    prefix: cfg.prefix,
    queueName: cfg.queueName,
    concurrency,
    lockDurationMs: cfg.lockDurationMs,
    stalledIntervalMs: cfg.stalledIntervalMs,
    log: (level, msg, fields) => log[level](fields ?? {}, msg),
  });
  log.info({ queue: cfg.queueName, prefix: cfg.prefix, concurrency, database: db.kind }, 'worker ready');
  const signal = await untilSignal();
  log.info({ signal }, 'shutting down: finishing or releasing the current job');
  await handle.close(cfg.shutdownGraceMs);
  await db.close();
  log.info('worker stopped');
}
