/**
 * `rural-dispatch worker [--concurrency N]`: a BullMQ worker process. Needs REDIS_URL and
 * DATABASE_URL (workers on several machines share one Redis and one Postgres; RD_DB_SCHEMA picks a
 * schema). Runs the processors of workers/ until SIGTERM/SIGINT, then finishes or releases the
 * current job (grace RD_SHUTDOWN_GRACE_MS) and closes its connections. Queue settings:
 * src/queue/config.ts. Logs are JSON lines (pino) on stdout.
 * This module only declares the command; the work is in ./worker-run.ts, loaded when it runs.
 */
import type { Command } from 'commander';
import type { WorkerOptions } from './worker-run.ts';

/** Registers `worker`. */
export function register(program: Command): void {
  program
    .command('worker')
    .description('run a BullMQ worker process (needs REDIS_URL and DATABASE_URL)')
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .action(async (o: WorkerOptions) => {
      const { runWorker } = await import('./worker-run.ts');
      await runWorker(o);
    });
}
